/**
 * The simulated master's operator API is wire-faithful: content-type and
 * method checks (400 / 415 / 405), GET_STATE's protobuf JSON mapping, and a
 * SUBSCRIBE stream that starts SUBSCRIBED then HEARTBEAT and carries
 * TASK_UPDATED with ids only inside `status` (as in master.proto).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordIoParser } from '../../../src/backends/mesos/recordio-parser.js';
import { startSimulatedCluster, type SimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { FakeClock } from '../../../src/core/fake-clock.js';

let cluster: SimulatedCluster;
let clock: FakeClock;
beforeAll(async () => {
  clock = new FakeClock();
  cluster = await startSimulatedCluster({ clock, heartbeatIntervalMs: 1000, tickMs: 250 });
});
afterAll(async () => cluster.close());

const call = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }, method = 'POST'): Promise<Response> =>
  fetch(`${cluster.urls.mesos}/api/v1`, { method, headers, ...(method === 'POST' ? { body } : {}) });

/** Reads records from a SUBSCRIBE body until `count` arrived. */
async function readRecords(body: ReadableStream<Uint8Array>, count: number, onRecord?: (n: number) => Promise<void>): Promise<Record<string, unknown>[]> {
  const parser = new RecordIoParser();
  const reader = body.getReader();
  const out: Record<string, unknown>[] = [];
  while (out.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const text of parser.push(value)) {
      out.push(JSON.parse(text) as Record<string, unknown>);
      await onRecord?.(out.length);
    }
  }
  await reader.cancel();
  return out;
}

describe('simulated Mesos operator API v1', () => {
  it('rejects a missing Content-Type with 400, another type with 415, GET with 405 and an unacceptable Accept with 406', async () => {
    const missing = await fetch(`${cluster.urls.mesos}/api/v1`, { method: 'POST', body: new Uint8Array(Buffer.from('{"type":"GET_STATE"}')) });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe("Expecting 'Content-Type' to be present");
    expect((await call('{"type":"GET_STATE"}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call('', {}, 'GET')).status).toBe(405);
    expect((await call('{"type":"GET_STATE"}', { 'Content-Type': 'application/json', Accept: 'text/html' })).status).toBe(406);
  });

  it('answers GET_STATE wrapped as {type, get_state} with ids as {value}, enum names and scalar resources', async () => {
    const res = await call('{"type":"GET_STATE"}');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; get_state: { get_tasks: { tasks: Record<string, unknown>[] }; get_agents: { agents: Record<string, unknown>[] }; get_frameworks: { frameworks: unknown[] } } };
    expect(body.type).toBe('GET_STATE');
    const task = body.get_state.get_tasks.tasks[0] as { task_id: { value: string }; state: string; labels: { labels: unknown[] }; resources: { name: string; type: string; scalar: { value: number } }[] };
    expect(task.task_id.value).toEqual(expect.any(String));
    expect(task.state).toMatch(/^TASK_/);
    expect(Array.isArray(task.labels.labels)).toBe(true);
    expect(task.resources[0]).toMatchObject({ name: 'cpus', type: 'SCALAR', scalar: { value: expect.any(Number) } });
    expect(body.get_state.get_agents.agents).toHaveLength(6);
    expect(body.get_state.get_frameworks.frameworks.length).toBe(4);
  });

  it('streams SUBSCRIBED (with state and heartbeat interval) then HEARTBEAT, then heartbeats on the clock and task updates', async () => {
    const res = await call('{"type":"SUBSCRIBE"}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-length')).toBeNull();
    const records = await readRecords(res.body as ReadableStream<Uint8Array>, 5, async (n) => {
      if (n === 2) {
        cluster.faults.killTask({ service: '/prod/web' });
        await clock.advance(1000);
      }
    });
    expect(records[0]?.type).toBe('SUBSCRIBED');
    expect((records[0]?.subscribed as { heartbeat_interval_seconds: number }).heartbeat_interval_seconds).toBe(1);
    expect(records[1]?.type).toBe('HEARTBEAT');
    const update = records.find((r) => r.type === 'TASK_UPDATED')?.task_updated as Record<string, unknown>;
    expect(update).toBeDefined();
    expect(Object.keys(update).sort()).toEqual(['framework_id', 'state', 'status']);
    expect((update.status as { task_id: { value: string }; state: string }).state).toBe('TASK_FAILED');
  });
});
