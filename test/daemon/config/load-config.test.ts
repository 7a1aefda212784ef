/**
 * Config errors are one clear line each, naming file:line:col, the path and
 * what was expected, and every problem is reported at once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../../src/core/errors.js';
import { backendKinds } from '../../../src/daemon/backend-registry.js';
import { loadConfigFile, parseConfig } from '../../../src/daemon/config/load-config.js';

const kinds = backendKinds();

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, { kinds, env, file: 'opsdeck.yaml' });
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'CONFIG_INVALID') return error.details?.problems as string[];
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('config loading', () => {
  it('accepts a valid config and parses each backend section by its kind', () => {
    const config = parseConfig('backends:\n  - kind: memory\n    id: lab\n    services: [{name: web, replicas: 2}]\n', { kinds, env: {}, file: 'x.yaml' });
    expect(config.backends).toEqual([{ kind: 'memory', id: 'lab', config: expect.objectContaining({ id: 'lab', services: [{ name: 'web', replicas: 2 }] }) }]);
    expect(config.storage.path).toBe('./opsdeck.db');
  });

  it('names the line, the path and the allowed kinds for an unknown backend kind', () => {
    expect(problems('backends:\n  - kind: memory\n    id: a\n  - kind: mesoss\n    id: b\n')).toEqual([
      'opsdeck.yaml:4:11: backends[1].kind: expected one of "sim", "mesos", "docker", "kubernetes", "memory", got "mesoss"',
    ]);
  });

  it('reports every problem at once, one line each', () => {
    const lines = problems(
      ['backends:', '  - kind: memory', '    id: Bad Id', '    services:', '      - {name: web, replicas: -1}', 'storage:', '  path: ""', 'colour: blue'].join('\n'),
    );
    expect(lines).toHaveLength(4);
    expect(lines).toContain('opsdeck.yaml:8:9: colour: unknown key (check its spelling and indentation)');
    expect(lines.some((l) => /^opsdeck\.yaml:7:9: storage\.path: .*>=1 characters/.test(l))).toBe(true);
    expect(lines.some((l) => /^opsdeck\.yaml:3:9: backends\[0\]\.id: expected a lowercase id/.test(l))).toBe(true);
    expect(lines.some((l) => /^opsdeck\.yaml:5:31: backends\[0\]\.services\[0\]\.replicas: .*>=0/.test(l))).toBe(true);
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('requires every environment variable the config names for a secret, without printing any value', () => {
    const text = 'backends: []\nslack:\n  botTokenEnv: SLACK_BOT_TOKEN\n';
    expect(problems(text)).toEqual(['opsdeck.yaml:3:16: slack.botTokenEnv: environment variable SLACK_BOT_TOKEN is not set (it should hold the secret)']);
    expect(() => parseConfig(text, { kinds, env: { SLACK_BOT_TOKEN: 'xoxb-1' }, file: 'x' })).not.toThrow();
  });

  it('rejects duplicate backend ids', () => {
    expect(problems('backends:\n  - {kind: memory, id: a}\n  - {kind: memory, id: a}\n')).toEqual([
      'opsdeck.yaml:3:24: backends[1].id: "a" is already used by backends[0]; ids must be unique',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problems('backends: [\n')[0]).toMatch(/^opsdeck\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('says which file it could not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-config-'));
    expect(() => loadConfigFile(join(dir, 'missing.yaml'), { kinds, env: {} })).toThrow(/Cannot read the config file .*missing\.yaml/);
    writeFileSync(join(dir, 'ok.yaml'), 'backends: []\n');
    expect(loadConfigFile(join(dir, 'ok.yaml'), { kinds, env: {} }).backends).toEqual([]);
  });
});
