/** The pure parsers behind the dashboard's upgrade (U) and config set (E) inputs. */
import { describe, expect, it } from 'vitest';
import { parseConfigInput, parseUpgradeInput } from '../../src/tui/spec-action-input.js';

describe('parseUpgradeInput', () => {
  it.each([
    ['v3', { version: 'v3' }],
    ['  2.9.1   canary ', { version: '2.9.1', strategy: 'canary' }],
    ['registry/web:1.8 parallel', { image: 'registry/web:1.8', strategy: 'parallel' }],
    ['nginx@sha256:abc', { image: 'nginx@sha256:abc' }],
    ['image=nginx', { image: 'nginx' }],
    ['version=1.2/rc serial', { version: '1.2/rc', strategy: 'serial' }],
  ])('reads %j', (text, value) => {
    expect(parseUpgradeInput(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /Type an image/],
    ['v3 canary extra', /Type an image/],
    ['v3 fast', /Unknown strategy "fast"/],
    ['image=', /Type an image/],
  ])('refuses %j', (text, error) => {
    const parsed = parseUpgradeInput(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('parseConfigInput', () => {
  it('reads KEY=VALUE pairs (values may contain =) and a strategy word anywhere', () => {
    expect(parseConfigInput('canary LOG_LEVEL=debug URL=a=b mem=512')).toEqual({ ok: true, value: { set: { LOG_LEVEL: 'debug', URL: 'a=b', mem: '512' }, strategy: 'canary' } });
  });

  it.each([
    ['', /at least one KEY=VALUE/],
    ['canary', /at least one KEY=VALUE/],
    ['debug', /Expected KEY=VALUE, got "debug"/],
    ['=x', /Expected KEY=VALUE/],
    ['A=1 A=2', /A is given twice/],
  ])('refuses %j', (text, error) => {
    const parsed = parseConfigInput(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});
