/**
 * The operator API's SUBSCRIBE streams: SUBSCRIBED (with the full state), an
 * immediate HEARTBEAT, then master events and a HEARTBEAT every interval, all
 * RecordIO-framed. A stalled stream sends nothing until it is resumed.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock.js';
import { agentJson, getStateJson, statusJson, taskJson } from './mesos-json.js';
import { encodeRecord } from './recordio-encoder.js';
import type { MasterEvent, SimWorld } from './sim-world.js';
import type { ResponseShaping } from './http-util.js';

interface Subscriber {
  res: ServerResponse;
  started: boolean;
  stopHeartbeat: () => void;
}

/** Every open SUBSCRIBE stream of the simulated master. */
export class MesosSubscribers {
  private readonly subscribers = new Set<Subscriber>();
  private stalled = false;

  constructor(
    private readonly world: SimWorld,
    private readonly clock: Clock,
    private readonly options: { heartbeatIntervalMs: number; faults: ResponseShaping },
  ) {
    world.onEvent((event) => this.broadcast(event));
  }

  /** Number of open streams (tests wait on it). */
  get count(): number {
    return this.subscribers.size;
  }

  /** Takes over a response as a new event stream. */
  add(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    const subscriber: Subscriber = { res, started: false, stopHeartbeat: () => undefined };
    this.subscribers.add(subscriber);
    res.on('close', () => {
      subscriber.stopHeartbeat();
      this.subscribers.delete(subscriber);
    });
    if (!this.stalled) this.begin(subscriber);
  }

  /** Stops every stream from sending anything (no heartbeats, no events) until resume(). */
  stall(): void {
    this.stalled = true;
  }

  /** Lets streams flow again; streams opened while stalled get their SUBSCRIBED now. */
  resume(): void {
    this.stalled = false;
    for (const subscriber of this.subscribers) if (!subscriber.started) this.begin(subscriber);
  }

  /** Ends every stream (the master went away). */
  closeAll(): void {
    for (const subscriber of [...this.subscribers]) {
      subscriber.stopHeartbeat();
      subscriber.res.destroy();
    }
    this.subscribers.clear();
  }

  private begin(subscriber: Subscriber): void {
    subscriber.started = true;
    const heartbeatSeconds = this.options.heartbeatIntervalMs / 1000;
    this.send(subscriber, { type: 'SUBSCRIBED', subscribed: { get_state: getStateJson(this.world), heartbeat_interval_seconds: heartbeatSeconds } });
    this.send(subscriber, { type: 'HEARTBEAT' });
    subscriber.stopHeartbeat = this.clock.every(this.options.heartbeatIntervalMs, () => {
      if (!this.stalled) this.send(subscriber, { type: 'HEARTBEAT' });
    });
  }

  private broadcast(event: MasterEvent): void {
    if (this.stalled) return;
    const record = this.render(event);
    for (const subscriber of this.subscribers) if (subscriber.started) this.send(subscriber, record);
  }

  private render(event: MasterEvent): Record<string, unknown> {
    switch (event.type) {
      case 'TASK_ADDED':
        return { type: 'TASK_ADDED', task_added: { task: taskJson(event.task) } };
      case 'TASK_UPDATED': {
        const latest = event.task.statuses[event.task.statuses.length - 1];
        return {
          type: 'TASK_UPDATED',
          task_updated: {
            framework_id: { value: event.task.frameworkId },
            ...(latest === undefined ? {} : { status: statusJson(event.task, latest) }),
            state: event.task.state,
          },
        };
      }
      case 'AGENT_ADDED':
        return { type: 'AGENT_ADDED', agent_added: { agent: agentJson(this.world, event.agent) } };
      case 'AGENT_REMOVED':
        return { type: 'AGENT_REMOVED', agent_removed: { agent_id: { value: event.agent.id } } };
    }
  }

  private send(subscriber: Subscriber, record: Record<string, unknown>): void {
    const mode = this.options.faults.corruption('mesos');
    if (mode === 'malformed') {
      const junk = Buffer.from('{"type": "TASK_UPD', 'utf8');
      subscriber.res.write(Buffer.concat([Buffer.from(`${junk.length}\n`), junk]));
      return;
    }
    if (mode === 'truncated') {
      const full = encodeRecord(record);
      subscriber.res.write(full.subarray(0, Math.max(3, Math.floor(full.length / 2))));
      subscriber.res.destroy();
      return;
    }
    subscriber.res.write(encodeRecord(record));
  }
}
