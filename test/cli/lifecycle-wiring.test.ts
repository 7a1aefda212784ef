/**
 * The lifecycle commands through the real binary and the real composition
 * root: config → backends → engine → audit on a SQLite file, acting as the
 * OS user that the access config maps. (Engine rules are tested in
 * test/core/commands; this proves the wiring.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let dir: string;
const write = (name: string, lines: string[]): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};
const base = (osUser: string, role: string): string[] => [
  'backends:',
  '  - kind: memory',
  '    id: lab',
  '    services:',
  '      - {name: web, replicas: 3, tenant: shop}',
  '      - {name: ledger, replicas: 2, tenant: finance}',
  'storage:',
  `  path: ${join(dir, `${role}.db`)}`,
  'access:',
  '  actors:',
  `    - {id: me, name: Me, external: {os: "${osUser}"}}`,
  '  bindings:',
  `    - {tenant: shop, role: ${role}, subjects: [me]}`,
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-lifecycle-'));
});

describe('lifecycle commands wired end to end', () => {
  it('an operator scales a service of their tenant, and the audit chain verifies afterwards', async () => {
    const config = write('operator.yaml', base(userInfo().username, 'operator'));
    const run = await runCli(['scale', 'web', '5', '--yes', '--reason', 'load', '-c', config]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('succeeded: scaled web from 3 to 5');
    expect(run.code).toBe(0);
    const audit = await runCli(['audit', '--verify', '-c', config]);
    expect(audit.stdout).toMatch(/audit log ok: \d+ entries/);
  });

  it("another tenant's service is reported as not found, exit 1", async () => {
    const config = write('operator2.yaml', base(userInfo().username, 'operator'));
    const run = await runCli(['restart', 'ledger', '--yes', '-c', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Service "ledger" was not found\.\nhint: /);
  });

  it('a viewer is refused with exit 1', async () => {
    const config = write('viewer.yaml', base(userInfo().username, 'viewer'));
    const run = await runCli(['scale', 'web', '4', '--yes', '-c', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stdout).not.toContain('succeeded');
  });

  it('an OS user the config does not know is told how to be added', async () => {
    const config = write('stranger.yaml', base('somebody-else', 'operator'));
    const run = await runCli(['scale', 'web', '4', '--yes', '-c', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('access.actors');
  });
});
