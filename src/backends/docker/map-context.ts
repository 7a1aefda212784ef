/**
 * What every mapper needs besides the Docker object itself: our backend id,
 * tenant mapping, host names and the current time (from the injected clock).
 */

/** Shared inputs of the Docker → opsdeck mappers. */
export interface MapContext {
  backendId: string;
  /** Cluster name shown to people. */
  cluster: string;
  tenantLabel: string;
  defaultTenant: string;
  /** Swarm node id → hostname; the local engine's name for standalone containers. */
  nodeNames: ReadonlyMap<string, string>;
  localHostname: string;
  now: number;
}

/** The tenant an object's labels name, or the configured default. */
export function tenantOf(labels: Record<string, string> | undefined, context: MapContext): string {
  return labels?.[context.tenantLabel] ?? context.defaultTenant;
}

/** An image reference without its `@sha256:` digest pin, as people write it. */
export function shortImage(image: string | undefined): string | undefined {
  return image === undefined ? undefined : image.replace(/@sha256:[0-9a-f]+$/, '');
}
