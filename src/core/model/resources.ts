/**
 * Host resources, allocated vs total, so operators see capacity (the seed's
 * "CPU / memory allocated vs total per host").
 */

/** An amount of CPU, memory and disk. */
export interface ResourceAmounts {
  cpus: number;
  /** Megabytes. */
  memMb: number;
  /** Megabytes. */
  diskMb: number;
}

/** One host (Mesos agent, Swarm node, Kubernetes node) with its capacity. */
export interface Host {
  id: string;
  nativeId: string;
  backend: string;
  cluster: string;
  hostname: string;
  /** False when the agent / node is lost, drained or down. */
  active: boolean;
  total: ResourceAmounts;
  allocated: ResourceAmounts;
  updatedAt: number;
}

/** What a backend reports for a host. */
export type HostReport = Omit<Host, 'id' | 'backend' | 'cluster'>;

/** Fraction of each resource in use, 0..1 (0 when the total is 0). */
export function utilisation(host: Pick<Host, 'total' | 'allocated'>): ResourceAmounts {
  const ratio = (used: number, total: number): number => (total > 0 ? Math.min(1, used / total) : 0);
  return {
    cpus: ratio(host.allocated.cpus, host.total.cpus),
    memMb: ratio(host.allocated.memMb, host.total.memMb),
    diskMb: ratio(host.allocated.diskMb, host.total.diskMb),
  };
}
