/**
 * Event routing and stream framing: which re-read each Engine event calls
 * for, and NDJSON split across chunks, with malformed lines reported as gaps.
 */
import { describe, expect, it } from 'vitest';
import { groupOfNativeId } from '../../../src/backends/docker/container-groups.js';
import { resolveDockerEndpoint } from '../../../src/backends/docker/docker-endpoint.js';
import type { EngineEvent } from '../../../src/backends/docker/docker-types.js';
import { NdjsonSplitter, routeEvent } from '../../../src/backends/docker/event-routing.js';
import { containerHealth, containerTaskState } from '../../../src/backends/docker/container-state.js';
import { notableEvent } from '../../../src/backends/docker/notable-events.js';

describe('routeEvent', () => {
  it('routes a Swarm task container event to its service and a Compose container to its project/service', () => {
    expect(routeEvent({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { 'com.docker.swarm.service.id': 's1' } } })).toEqual({ kind: 'group', group: { kind: 'swarm', nativeId: 's1', serviceId: 's1' } });
    expect(routeEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'c2', Attributes: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'cart' } } })).toMatchObject({ group: { nativeId: 'compose:shop/cart' } });
    expect(routeEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c3', Attributes: {} } })).toMatchObject({ group: { nativeId: 'container:c3' } });
  });

  it('ignores health-probe execs and attach noise, routes service and node events', () => {
    expect(routeEvent({ Type: 'container', Action: 'exec_start: /bin/sh -c true', Actor: { ID: 'c1' } })).toEqual({ kind: 'none' });
    expect(routeEvent({ Type: 'container', Action: 'attach', Actor: { ID: 'c1' } })).toEqual({ kind: 'none' });
    expect(routeEvent({ Type: 'service', Action: 'update', Actor: { ID: 's9' } })).toMatchObject({ group: { kind: 'swarm', serviceId: 's9' } });
    expect(routeEvent({ Type: 'node', Action: 'update', Actor: { ID: 'n1' } })).toEqual({ kind: 'nodes' });
    expect(routeEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'i' } })).toEqual({ kind: 'none' });
  });
});

describe('NdjsonSplitter', () => {
  it('joins events split across chunks and reports a malformed line instead of throwing', () => {
    const events: EngineEvent[] = [];
    const bad: string[] = [];
    const splitter = new NdjsonSplitter((e) => events.push(e), (line) => bad.push(line));
    splitter.push('{"Type":"container","Act');
    splitter.push('ion":"start"}\n{"Type":"service"}\nnot json\n');
    expect(events.map((e) => e.Type)).toEqual(['container', 'service']);
    expect(bad).toEqual(['not json']);
  });
});

describe('native ids, endpoints and container summaries', () => {
  it('round-trips group native ids', () => {
    expect(groupOfNativeId('compose:shop/cart')).toMatchObject({ kind: 'compose', project: 'shop', service: 'cart' });
    expect(groupOfNativeId('container:abc')).toMatchObject({ kind: 'container', containerId: 'abc' });
    expect(groupOfNativeId('x1y2')).toMatchObject({ kind: 'swarm', serviceId: 'x1y2' });
  });

  it('parses unix, bare-path and tcp hosts and defaults to the standard socket', () => {
    expect(resolveDockerEndpoint(undefined)).toEqual({ display: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
    expect(resolveDockerEndpoint('/run/d.sock')).toMatchObject({ socketPath: '/run/d.sock' });
    expect(resolveDockerEndpoint('tcp://127.0.0.1:2375')).toEqual({ display: 'tcp://127.0.0.1:2375', host: '127.0.0.1', port: 2375, protocol: 'http' });
    expect(() => resolveDockerEndpoint('tcp://127.0.0.1')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('reads health and state from the summary Status text', () => {
    expect(containerHealth({ Status: 'Up 2 minutes (healthy)' })).toBe('healthy');
    expect(containerHealth({ Status: 'Up 1 hour (unhealthy)' })).toBe('unhealthy');
    expect(containerHealth({ Status: 'Up 5 seconds (health: starting)' })).toBe('starting');
    expect(containerHealth({ Status: 'Up 4 days' })).toBeUndefined();
    expect(containerTaskState({ State: 'exited', Status: 'Exited (0) 2 minutes ago' })).toBe('FINISHED');
    expect(containerTaskState({ State: 'exited', Status: 'Exited (137) 2 minutes ago' })).toBe('FAILED');
    expect(containerTaskState({ State: 'restarting', Status: 'Restarting (1) 5 seconds ago' })).toBe('STARTING');
  });
});

describe('notableEvent', () => {
  const group = { kind: 'container', nativeId: 'container:c1', containerId: 'c1' } as const;

  it('words crash exits, OOM kills and failing health checks, and ignores clean exits', () => {
    expect(notableEvent({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { name: 'web', exitCode: '137' } }, timeNano: 5_000_000_000 }, group, 0)).toEqual({
      serviceNativeId: 'container:c1', at: 5_000, severity: 'warning', reason: 'exited', message: 'container web exited with code 137',
    });
    expect(notableEvent({ Type: 'container', Action: 'oom', Actor: { ID: 'c1', Attributes: { name: 'web' } } }, group, 7)).toMatchObject({ severity: 'error', reason: 'oom-killed', at: 7 });
    expect(notableEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'c1', Attributes: { name: 'web' } } }, group, 0)).toMatchObject({ reason: 'unhealthy' });
    expect(notableEvent({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { name: 'web', exitCode: '0' } } }, group, 0)).toBeUndefined();
  });

  it('words Swarm update state changes and scaling from service event attributes', () => {
    const swarm = { kind: 'swarm', nativeId: 's1', serviceId: 's1' } as const;
    expect(notableEvent({ Type: 'service', Action: 'update', Actor: { ID: 's1', Attributes: { name: 'api', 'updatestate.new': 'paused' } } }, swarm, 0)).toMatchObject({ severity: 'error', reason: 'update-paused', message: 'update of api paused' });
    expect(notableEvent({ Type: 'service', Action: 'update', Actor: { ID: 's1', Attributes: { name: 'api', 'replicas.old': '3', 'replicas.new': '5' } } }, swarm, 0)).toMatchObject({ reason: 'scaled', message: 'api scaled from 3 to 5' });
  });
});
