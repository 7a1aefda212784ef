/**
 * The spec hash of a service as its backend reports it right now, so the
 * audit log records old and new spec hashes for rollbacks too (not only for
 * upgrades and config changes, whose proposal carries both).
 */
import { isSpecChangeable } from '../../backend/capabilities.js';
import type { Service } from '../../model/service.js';
import type { BackendLookup } from '../execute-command.js';
import { specHash } from './spec-diff.js';

/** The hash of the service's current spec, or undefined when the backend cannot tell (never throws). */
export async function currentSpecHash(backends: BackendLookup, service: Service, signal?: AbortSignal): Promise<string | undefined> {
  const backend = backends(service.backend);
  if (backend === undefined || !isSpecChangeable(backend) || !(service.actions.includes('upgrade') || service.actions.includes('config-set'))) return undefined;
  try {
    return specHash(await backend.currentSpec(service, signal === undefined ? {} : { signal }));
  } catch {
    return undefined;
  }
}
