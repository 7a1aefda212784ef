/**
 * Rebuilds a client's view from snapshot, diff and resync messages, exactly
 * as a remote dashboard would, so tests compare it with what the server
 * says the scope may see.
 */
import type { ServerMessage } from '../../../../src/daemon/ws/protocol.js';
import type { TenantSnapshot } from '../../../../src/daemon/ws/tenant-snapshot.js';

type Keyed = { id: string };

/** The client-side model: ids → entities per kind. */
export class ClientMirror {
  services = new Map<string, Keyed>();
  tasks = new Map<string, Keyed>();
  plans = new Map<string, Keyed>();
  hosts = new Map<string, Keyed>();
  version = 0;

  apply(message: ServerMessage): void {
    if (message.type === 'snapshot') this.reset(message);
    else if (message.type === 'resync') this.reset(message.snapshot);
    else if (message.type === 'diff') {
      for (const [map, changes] of [
        [this.services, message.services],
        [this.tasks, message.tasks],
        [this.plans, message.plans],
        [this.hosts, message.hosts],
      ] as const) {
        for (const id of changes.removed) map.delete(id);
        for (const item of changes.upserted) map.set(item.id, item);
      }
      this.version = message.version;
    }
  }

  /** Sorted ids per kind, for comparisons. */
  ids(): { services: string[]; tasks: string[]; plans: string[]; hosts: string[] } {
    return {
      services: [...this.services.keys()].sort(),
      tasks: [...this.tasks.keys()].sort(),
      plans: [...this.plans.keys()].sort(),
      hosts: [...this.hosts.keys()].sort(),
    };
  }

  private reset(snapshot: TenantSnapshot): void {
    this.services = new Map(snapshot.services.map((s) => [s.id, s]));
    this.tasks = new Map(snapshot.tasks.map((t) => [t.id, t]));
    this.plans = new Map(snapshot.plans.map((p) => [p.id, p]));
    this.hosts = new Map(snapshot.hosts.map((h) => [h.id, h]));
    this.version = snapshot.version;
  }
}

/** Sorted ids per kind of a server-side snapshot. */
export function snapshotIds(snapshot: TenantSnapshot): ReturnType<ClientMirror['ids']> {
  return {
    services: snapshot.services.map((s) => s.id).sort(),
    tasks: snapshot.tasks.map((t) => t.id).sort(),
    plans: snapshot.plans.map((p) => p.id).sort(),
    hosts: snapshot.hosts.map((h) => h.id).sort(),
  };
}
