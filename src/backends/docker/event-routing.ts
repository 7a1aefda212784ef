/**
 * Decides what one Engine event makes dirty: a service group to re-inspect,
 * the node list, or nothing (health-probe execs and other noise).
 */
import { groupOfLabels, type GroupKey } from './container-groups.js';
import type { EngineEvent } from './docker-types.js';

/** What an event asks the watcher to re-read. */
export type EventTarget = { kind: 'group'; group: GroupKey } | { kind: 'nodes' } | { kind: 'none' };

const IGNORED_CONTAINER_ACTIONS = new Set(['attach', 'detach', 'top', 'resize', 'copy', 'export', 'commit', 'archive-path', 'extract-to-dir']);

/** Routes one event to the re-read it calls for. */
export function routeEvent(event: EngineEvent): EventTarget {
  const action = event.Action ?? '';
  const id = event.Actor?.ID ?? '';
  switch (event.Type) {
    case 'container': {
      if (action.startsWith('exec_') || IGNORED_CONTAINER_ACTIONS.has(action) || id === '') return { kind: 'none' };
      const group = groupOfLabels(id, event.Actor?.Attributes);
      return group === undefined ? { kind: 'none' } : { kind: 'group', group };
    }
    case 'service':
      return id === '' ? { kind: 'none' } : { kind: 'group', group: { kind: 'swarm', nativeId: id, serviceId: id } };
    case 'node':
      return { kind: 'nodes' };
    default:
      return { kind: 'none' };
  }
}

/** Splits a chunked NDJSON stream into parsed events; malformed lines are reported, not thrown. */
export class NdjsonSplitter {
  private buffer = '';

  constructor(
    private readonly onEvent: (event: EngineEvent) => void,
    private readonly onMalformed: (line: string) => void,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line.length > 0) this.parse(line);
      newline = this.buffer.indexOf('\n');
    }
  }

  private parse(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.onMalformed(line);
      return;
    }
    if (value !== null && typeof value === 'object') this.onEvent(value as EngineEvent);
    else this.onMalformed(line);
  }
}
