/**
 * The read commands as a person and a script use them: the real binary, a real
 * config file, stable JSON with the model's field names, and exit codes
 * (0 ok, 1 user error with one clear message, never a stack trace).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let config: string;
let broken: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-cli-'));
  config = join(dir, 'opsdeck.yaml');
  writeFileSync(
    config,
    ['backends:', '  - kind: memory', '    id: lab', '    services:', '      - {name: web, replicas: 3, tenant: shop}', '      - {name: api, replicas: 2, tenant: payments}', 'compositions:', '  - name: storefront', '    tenant: shop', '    components:', '      - {name: web tier, minHealthy: 4, selector: {name: web}}'].join('\n'),
  );
  broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'backends:\n  - kind: nope\n    id: x\nstorage: 3\n');
});

describe('opsdeck read commands', () => {
  it('services --json prints every service with the model field names', async () => {
    const run = await runCli(['services', '--json', '-c', config]);
    expect(run.code).toBe(0);
    const services = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(services.map((s) => s.name)).toEqual(['api', 'web']);
    expect(Object.keys(services[0] ?? {})).toEqual(
      expect.arrayContaining(['id', 'backend', 'cluster', 'tenant', 'name', 'kind', 'desired', 'running', 'healthy', 'health', 'labels', 'updatedAt']),
    );
    expect(services[1]).toMatchObject({ id: 'lab/web', tenant: 'shop', desired: 3, running: 3, healthy: 3, health: { status: 'HEALTHY' } });
  });

  it('services --tenant shows only that tenant', async () => {
    const run = await runCli(['services', '--tenant', 'shop', '-c', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('web');
    expect(run.stdout).not.toContain('api');
  });

  it('status prints backends and health counts for people', async () => {
    const run = await runCli(['status', '-c', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/lab\s+memory\s+lab\s+live/);
    expect(run.stdout).toContain('Services: 2  healthy 2');
    expect(run.stdout).toContain('Composition storefront: ▲ DEGRADED (web tier: 3/4 healthy)');
  });

  it('status --json is machine-readable', async () => {
    const run = await runCli(['status', '--json', '-c', config]);
    const status = JSON.parse(run.stdout) as { backends: { id: string; connection: string }[]; counts: Record<string, number> };
    expect(status.backends).toEqual([expect.objectContaining({ id: 'lab', connection: 'live', synced: true })]);
    expect(status.counts.HEALTHY).toBe(2);
  });

  it('tasks lists the task ids kill-task takes, as a table and as JSON', async () => {
    const table = await runCli(['tasks', 'web', '-c', config]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^TASK\s+STATE\s+HEALTH\s+HOST/);
    expect(table.stdout.match(/lab\/web\.\d+\s+RUNNING\s+healthy/g)).toHaveLength(3);
    const json = JSON.parse((await runCli(['tasks', 'web', '--json', '-c', config])).stdout) as { id: string; service: string }[];
    expect(json).toHaveLength(3);
    expect(json.every((t) => t.service === 'lab/web' && t.id.startsWith('lab/web.'))).toBe(true);
  });

  it('an unknown service is exit 1 with one message and a hint, no stack trace', async () => {
    const run = await runCli(['plan', 'show', 'nope', '-c', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: No service named "nope".\nhint: Run `opsdeck services` to list the services you can see.\n');
  });

  it('a broken config lists every problem with its line and exits 1', async () => {
    const run = await runCli(['status', '-c', broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('broken.yaml:2:11: backends[0].kind: expected one of');
    expect(run.stderr).toContain('broken.yaml:4:10: storage:');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('no config at all says how to get going', async () => {
    const run = await runCli(['status'], { cwd: mkdtempSync(join(tmpdir(), 'opsdeck-empty-')), env: { OPSDECK_CONFIG: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--demo');
  });

  it('an unknown command is exit 1 with usage help', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });
});
