/** Bad input gets one clear error naming the problem; shell metacharacters never get anywhere near a backend. */
import { afterEach, describe, expect, it } from 'vitest';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';
import { countingBackend, type CallLog } from './support/wrapped-backends.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

const base = () => ({ actor: actor('alice'), source: 'cli', idempotencyKey: newKey() });

const CASES: { name: string; input: Record<string, unknown>; code: string; message: RegExp }[] = [
  { name: 'unknown service', input: { kind: 'restart', target: 'nope' }, code: 'NOT_FOUND', message: /Service "nope" was not found/ },
  { name: 'negative scale', input: { kind: 'scale', target: 'web', args: { replicas: -1 } }, code: 'INPUT_INVALID', message: /cannot be negative/ },
  { name: 'huge scale', input: { kind: 'scale', target: 'web', args: { replicas: 1e9 } }, code: 'INPUT_INVALID', message: /cannot exceed 10000/ },
  { name: 'fractional scale', input: { kind: 'scale', target: 'web', args: { replicas: 2.5 } }, code: 'INPUT_INVALID', message: /whole number/ },
  { name: 'scale given as text', input: { kind: 'scale', target: 'web', args: { replicas: '3; reboot' } }, code: 'INPUT_INVALID', message: /must be a number/ },
  { name: 'unknown phase', input: { kind: 'plan-pause', target: 'ledger', args: { phase: 'nope' } }, code: 'NOT_FOUND', message: /Phase "nope" was not found/ },
  { name: 'unknown step', input: { kind: 'plan-restart-step', target: 'ledger', args: { phase: 'ledger-phase', step: 'ledger-9:[node]' } }, code: 'NOT_FOUND', message: /Step "ledger-9:\[node\]" was not found/ },
  { name: 'unknown plan', input: { kind: 'plan-pause', target: 'ledger', args: { plan: 'nope' } }, code: 'NOT_FOUND', message: /Plan "nope" was not found/ },
  { name: 'step without phase', input: { kind: 'plan-restart-step', target: 'ledger', args: { step: 'x' } }, code: 'INPUT_INVALID', message: /needs a phase|within its phase/ },
  { name: 'malformed task id', input: { kind: 'kill-task', target: 'mem/web.1 && rm -rf /' }, code: 'INPUT_INVALID', message: /Invalid target/ },
  { name: 'command substitution in a target', input: { kind: 'restart', target: '$(reboot)' }, code: 'INPUT_INVALID', message: /Invalid target/ },
  { name: 'backticks in a target', input: { kind: 'restart', target: '`id`' }, code: 'INPUT_INVALID', message: /Invalid target/ },
  { name: 'semicolon in a phase', input: { kind: 'plan-pause', target: 'ledger', args: { phase: 'p; rm -rf /' } }, code: 'INPUT_INVALID', message: /Invalid args.phase/ },
  { name: 'pipe in a pod name', input: { kind: 'pod-restart', target: 'ledger', args: { pod: 'node-0|sh' } }, code: 'INPUT_INVALID', message: /Invalid args.pod/ },
  { name: 'newline in a reason', input: { kind: 'restart', target: 'web', reason: 'ok\nrm -rf /' }, code: 'INPUT_INVALID', message: /one line/ },
  { name: 'unknown command kind', input: { kind: 'format-disk', target: 'web' }, code: 'INPUT_INVALID', message: /Unknown command "format-disk"/ },
  { name: 'unexpected argument', input: { kind: 'restart', target: 'web', args: { cmd: 'sh' } }, code: 'INPUT_INVALID', message: /Invalid args/ },
  { name: 'empty target', input: { kind: 'restart', target: '' }, code: 'INPUT_INVALID', message: /Invalid target/ },
  { name: 'malformed idempotency key', input: { kind: 'restart', target: 'web', idempotencyKey: 'a b' }, code: 'INPUT_INVALID', message: /idempotency key/ },
  { name: 'pod commands on a backend without pod control', input: { kind: 'pod-restart', target: 'ledger', args: { pod: 'ledger-0' } }, code: 'UNSUPPORTED', message: /does not support pod-restart/ },
];

describe('bad input', () => {
  it.each(CASES)('$name → $code', async (c) => {
    const log: CallLog = { calls: [] };
    fx = await createEngineFixture({ wrap: (b) => countingBackend(b, log) });
    const result = await fx.engine.submit({ ...base(), ...c.input }, { confirmation: { confirmed: true, typed: 'ledger' } });
    expect(result.status).toBe('denied');
    if (result.status !== 'denied') return;
    expect(result.error.code).toBe(c.code);
    expect(result.error.message).toMatch(c.message);
    expect(result.error.message).not.toContain('\n');
    expect(result.error.hint).toBeTruthy();
    expect(log.calls).toEqual([]);
    expect(fx.engine.audit.entries().some((e) => e.event === 'command.denied' && e.code === c.code)).toBe(true);
  });

  it('the command path never imports child_process (nothing can reach a shell)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const roots = ['src/core/commands', 'src/core/audit', 'src/core/access', 'src/cli/lifecycle-commands.ts'];
    const files: string[] = [];
    const walk = (p: string): void => {
      if (statSync(p).isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
      else files.push(p);
    };
    for (const r of roots) walk(r);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/child_process|\bexec(Sync)?\(|spawn\(/);
  });
});
