/**
 * Protocol gaps heal themselves: a diff naming a backend the daemon never
 * listed makes the remote dashboard ask for a `resync`, and the resync
 * snapshot replaces the whole view.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Service } from '../../src/core/model/service.js';
import type { BackendStatus } from '../../src/core/state/cluster-state.js';
import { openRemoteDashboard, type RemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { waitForMirror } from './support/remote-harness.js';
import { HELLO, startScriptedDaemon, type ScriptedDaemon } from './support/scripted-daemon.js';

let scripted: ScriptedDaemon | undefined;
let remote: RemoteDashboard | undefined;
afterEach(async () => {
  await remote?.close();
  remote = undefined;
  await scripted?.close();
  scripted = undefined;
});

const status = (id: string): BackendStatus => ({ id, kind: 'memory', cluster: `c-${id}`, connection: 'live', synced: true, freshnessBoundMs: 30_000, eventsIngested: 1 });
const service = (backend: string, name: string): Service => {
  const health = { status: 'HEALTHY' as const, reason: '1/1 healthy', since: 1 };
  return { id: `${backend}/${name}`, nativeId: name, backend, cluster: `c-${backend}`, tenant: 'team-a', name, kind: 'other', desired: 1, running: 1, healthy: 1, health, observedHealth: health, labels: {}, stateful: false, actions: ['scale'], updatedAt: 1 };
};
const snapshot = (version: number, backends: string[], services: Service[]) => ({ version, services, tasks: [], plans: [], hosts: [], backends: backends.map(status) });

describe('remote resync', () => {
  it('asks for a resync when a diff names an unlisted backend, and the resync replaces the view', async () => {
    scripted = await startScriptedDaemon((socket) => {
      socket.send(JSON.stringify(HELLO));
      socket.send(JSON.stringify({ v: 1, type: 'snapshot', ...snapshot(1, ['b1'], [service('b1', 'api')]) }));
      const empty = { upserted: [], removed: [] };
      socket.send(JSON.stringify({ v: 1, type: 'diff', version: 2, services: { upserted: [service('bx', 'ghost')], removed: [] }, tasks: empty, plans: empty, hosts: empty, backends: [], events: [] }));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; id?: string };
        if (message.type === 'alerts-list') socket.send(JSON.stringify({ v: 1, type: 'error', id: message.id, error: { code: 'UNSUPPORTED', message: 'This daemon runs no alerting.', retryable: false } }));
        if (message.type === 'resync') socket.send(JSON.stringify({ v: 1, type: 'resync', reason: 'requested', dropped: 0, snapshot: snapshot(3, ['b1', 'bx'], [service('b1', 'api'), service('bx', 'ghost')]) }));
      });
    });
    remote = await openRemoteDashboard({ url: scripted.url, token: 'tok-scripted-0123456789', clock: new FakeClock(), logger: silentLogger });
    await waitForMirror(remote.store, (m) => m.service('bx/ghost') !== undefined, 'the resync to bring the unlisted backend in');
    expect(scripted.received.filter((m) => m.type === 'resync')).toHaveLength(1);
    expect(remote.store.backend('bx')).toMatchObject({ connection: 'live', cluster: 'c-bx' });
    expect(remote.store.serverVersion).toBe(3);
    expect(remote.alerts).toBeUndefined();
  });
});
