/**
 * The simulated Marathon behaves like /v2: scale and restart create
 * deployments (with Marathon-Deployment-Id), a second change while locked is a
 * 409 unless forced, versions allow a rollback, unknown apps are 404, and
 * /v2/events needs `Accept: text/event-stream` and starts with
 * event_stream_attached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedCluster, type SimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { FakeClock } from '../../../src/core/fake-clock.js';

let cluster: SimulatedCluster;
let clock: FakeClock;
beforeAll(async () => {
  clock = new FakeClock();
  cluster = await startSimulatedCluster({ clock, tickMs: 250 });
});
afterAll(async () => cluster.close());

const put = (path: string, body: unknown): Promise<Response> =>
  fetch(`${cluster.urls.marathon}${path}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const app = async (id: string): Promise<{ instances: number; tasksRunning: number; deployments: unknown[]; container: { docker: { image: string } } }> =>
  ((await (await fetch(`${cluster.urls.marathon}/v2/apps${id}`)).json()) as { app: never }).app;

describe('simulated Marathon /v2', () => {
  it('lists the seeded apps of both tenants with counts', async () => {
    const body = (await (await fetch(`${cluster.urls.marathon}/v2/apps`)).json()) as { apps: { id: string; tasksRunning: number; instances: number }[] };
    expect(body.apps.map((a) => a.id)).toEqual(['/prod/web', '/prod/api', '/prod/keyserver', '/analytics/notebook', '/analytics/etl-worker']);
    expect(body.apps.every((a) => a.tasksRunning === a.instances)).toBe(true);
  });

  it('scales through a deployment, refuses a second change while locked (409) and accepts it with force', async () => {
    const res = await put('/v2/apps/prod/api', { instances: 4 });
    expect(res.status).toBe(200);
    const { deploymentId } = (await res.json()) as { deploymentId: string };
    expect(res.headers.get('marathon-deployment-id')).toBe(deploymentId);
    const deployments = (await (await fetch(`${cluster.urls.marathon}/v2/deployments`)).json()) as { id: string; affectedApps: string[]; steps: { actions: { action: string }[] }[] }[];
    expect(deployments.find((d) => d.id === deploymentId)?.steps[0]?.actions[0]?.action).toBe('ScaleApplication');
    const locked = await put('/v2/apps/prod/api', { instances: 5 });
    expect(locked.status).toBe(409);
    expect(((await locked.json()) as { message: string }).message).toMatch(/^App is locked by one or more deployments/);
    expect((await put('/v2/apps/prod/api?force=true', { instances: 3 })).status).toBe(200);
    for (let i = 0; i < 10; i++) await clock.advance(250);
    const after = await app('/prod/api');
    expect(after.tasksRunning).toBe(3);
    expect(after.deployments).toEqual([]);
  });

  it('rolls back to a stored version with PUT {version}', async () => {
    const versionsBefore = ((await (await fetch(`${cluster.urls.marathon}/v2/apps/prod/web/versions`)).json()) as { versions: string[] }).versions;
    await clock.advance(1000);
    expect((await put('/v2/apps/prod/web', { container: { docker: { image: 'nginx:9.9' } } })).status).toBe(200);
    for (let i = 0; i < 10; i++) await clock.advance(250);
    expect((await app('/prod/web')).container.docker.image).toBe('nginx:9.9');
    expect((await put('/v2/apps/prod/web', { version: versionsBefore[0] })).status).toBe(200);
    for (let i = 0; i < 10; i++) await clock.advance(250);
    expect((await app('/prod/web')).container.docker.image).toBe('nginx:1.25.3');
    expect((await put('/v2/apps/prod/web', { version: '1999-01-01T00:00:00.000Z' })).status).toBe(404);
  });

  it('answers 404 with Marathon\'s message for an unknown app and 422 for an invalid instance count', async () => {
    const missing = await fetch(`${cluster.urls.marathon}/v2/apps/prod/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "App '/prod/nothing' does not exist" });
    expect((await put('/v2/apps/prod/web', { instances: -1 })).status).toBe(422);
  });

  it('serves /v2/events only to text/event-stream clients and starts with event_stream_attached', async () => {
    expect((await fetch(`${cluster.urls.marathon}/v2/events`)).status).toBe(405);
    const abort = new AbortController();
    const res = await fetch(`${cluster.urls.marathon}/v2/events`, { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    abort.abort();
    expect(value).toMatch(/^event: event_stream_attached\ndata: \{.*"eventType":"event_stream_attached".*\}\n\n/);
  });
});
