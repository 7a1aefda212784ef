/**
 * The README's main path on the embedded simulated cluster: `status --demo
 * --json` starts the simulator, waits for the first full sync, prints and
 * exits; `plan show hdfs --demo` prints the phase / step tree.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('demo commands on the embedded simulated cluster', () => {
  it('status --demo --json lists both tenants of the simulated DC/OS cluster after the first sync', async () => {
    const run = await runCli(['status', '--demo', '--json'], { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as { backends: { id: string; connection: string; synced: boolean }[]; services: { name: string; tenant: string; kind: string }[] };
    expect(status.backends).toEqual([expect.objectContaining({ id: 'demo', connection: 'live', synced: true })]);
    const names = status.services.map((s) => `${s.tenant}/${s.name}`).sort();
    expect(names).toEqual(expect.arrayContaining(['analytics/hdfs', 'analytics/kafka', 'prod/cassandra', 'prod/keyserver', 'prod/web']));
    expect(status.services.find((s) => s.name === 'hdfs')?.kind).toBe('sdk-service');
  }, 90_000);

  it('plan show hdfs --demo prints the deploy plan as journal → name → zkfc → data', async () => {
    const run = await runCli(['plan', 'show', 'hdfs', '--demo'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    const phases = run.stdout.split('\n').filter((l) => /^[├└]─ /.test(l)).map((l) => l.slice(3).split(' ')[0]);
    expect(phases.slice(0, 4)).toEqual(['journal', 'name', 'zkfc', 'data']);
    expect(run.stdout).toMatch(/name-0:\[format\]/);
    expect(run.stdout).toMatch(/^recovery \(parallel\)/m);
  }, 90_000);
});
