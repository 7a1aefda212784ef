/**
 * The fake apiserver itself speaks the wire protocol the tests rely on:
 * paged lists with expiring continue tokens, watches that replay from a
 * resourceVersion, send BOOKMARKs when asked, and answer an expired version
 * with an in-stream ERROR 410; and the three patch formats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApiserver, waitForServer } from './fake-apiserver.js';
import { deployment } from './fixtures.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patches.js';

const TOKEN = 'tok-wire-0123456789abcdef';
const headers = { Authorization: `Bearer ${TOKEN}` };

/** Reads newline-delimited watch events until `count` arrived or the stream ended. */
async function readEvents(url: string, count: number): Promise<Array<{ type: string; object: Record<string, any> }>> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const events: Array<{ type: string; object: Record<string, any> }> = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body?.getReader();
  while (reader !== undefined && events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buffer.slice(0, newline)) as { type: string; object: Record<string, any> });
      buffer = buffer.slice(newline + 1);
    }
  }
  controller.abort();
  return events;
}

describe('fake apiserver wire behaviour', () => {
  const server = new FakeApiserver({ tokens: { [TOKEN]: { user: 'tester' } }, podReadyDelayMs: 10, bookmarkIntervalMs: 50 });
  beforeAll(async () => {
    await server.start();
    for (const name of ['a', 'b', 'c']) server.store.create('deployments', deployment({ name, replicas: 1, image: 'img:v1' }));
    // Settled first, so no controller status update slips into the watch replays below.
    const settled = (): boolean => ['a', 'b', 'c'].every((name) => (server.store.get('deployments', 'default', name)?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 1);
    await waitForServer(server, settled, { timeoutMs: 5000, description: 'deployments ready' });
  });
  afterAll(() => server.stop());

  it('refuses a request without a valid token with a 401 Status', async () => {
    const response = await fetch(`${server.url}/apis/apps/v1/deployments`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
  });

  it('pages a list with limit and continue, and answers 410 to an expired continue token', async () => {
    const first = (await (await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments?limit=2`, { headers })).json()) as { kind: string; metadata: { continue: string; resourceVersion: string }; items: Array<{ metadata: { name: string }; kind?: string }> };
    expect(first.kind).toBe('DeploymentList');
    expect(first.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(first.items[0]?.kind).toBeUndefined();
    const second = (await (await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`, { headers })).json()) as { metadata: { continue?: string; resourceVersion: string }; items: Array<{ metadata: { name: string } }> };
    expect(second.items.map((i) => i.metadata.name)).toEqual(['c']);
    expect(second.metadata.continue).toBeUndefined();
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const again = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`, { headers });
    expect(again.status).toBe(410);
  });

  it('replays changes after a resourceVersion and sends BOOKMARKs when asked', async () => {
    const rv = server.store.resourceVersion;
    const d = server.store.get('deployments', 'default', 'a');
    if (d === undefined) throw new Error('no a');
    d.metadata.labels = { ...d.metadata.labels, touched: 'yes' };
    server.store.update('deployments', d);
    const events = await readEvents(`${server.url}/apis/apps/v1/namespaces/default/deployments?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&fieldSelector=metadata.name%3Da`, 2);
    expect(events[0]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'a', labels: { touched: 'yes' } } } });
    expect(events[1]?.type).toBe('BOOKMARK');
    expect(Object.keys(events[1]?.object ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('answers a watch from a compacted resourceVersion with an in-stream ERROR 410 and ends the stream', async () => {
    const old = server.store.resourceVersion;
    server.forceExpire();
    const events = await readEvents(`${server.url}/apis/apps/v1/deployments?watch=1&resourceVersion=${old}`, 5);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('scales through the scale subresource and the controller follows with pods', async () => {
    const response = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments/b/scale`, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: 2 } }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 } });
    expect(server.store.get('deployments', 'default', 'b')?.spec?.['replicas']).toBe(2);
  });
});

describe('patch formats', () => {
  const pod = { spec: { containers: [{ name: 'app', image: 'v1', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's1' }] }, metadata: { annotations: { x: '1', y: '2' } } };

  it('strategic merge merges containers by name and deletes on null', () => {
    expect(applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'app', image: 'v2' }] }, metadata: { annotations: { y: null } } })).toEqual({
      spec: { containers: [{ name: 'app', image: 'v2', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 's1' }] },
      metadata: { annotations: { x: '1' } },
    });
  });

  it('merge patch replaces lists wholesale', () => {
    expect(applyMergePatch(pod, { spec: { containers: [{ name: 'only' }] } })).toEqual({ ...pod, spec: { containers: [{ name: 'only' }] } });
  });

  it('JSON patch replaces paths and refuses a replace of a missing key', () => {
    expect(applyJsonPatch(pod, [{ op: 'replace', path: '/metadata/annotations', value: { z: '3' } }])).toEqual({ ...pod, metadata: { annotations: { z: '3' } } });
    expect(() => applyJsonPatch(pod, [{ op: 'replace', path: '/metadata/labels', value: {} }])).toThrow(/missing key/);
  });
});
