/** One action per service at a time: a lock held from execution until verification ends. */
import { opsError } from '../../errors.js';

/** In-process locks keyed by service id. */
export class ServiceLocks {
  private readonly held = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  /** Takes the lock or throws CONFLICT naming what holds it; returns the release function. */
  acquire(serviceId: string, serviceName: string, holder: string): () => void {
    if (!this.enabled) return () => undefined;
    const current = this.held.get(serviceId);
    if (current !== undefined) {
      throw opsError('CONFLICT', `Another action on ${serviceName} is still running (${current}).`, {
        hint: 'Wait for it to finish; opsdeck runs one action per service at a time.',
        retryable: true,
        details: { guard: 'service-lock' },
      });
    }
    this.held.set(serviceId, holder);
    return () => {
      if (this.held.get(serviceId) === holder) this.held.delete(serviceId);
    };
  }

  /** Throws CONFLICT when the service is locked (a check without taking the lock). */
  assertFree(serviceId: string, serviceName: string): void {
    const current = this.held.get(serviceId);
    if (this.enabled && current !== undefined) {
      throw opsError('CONFLICT', `Another action on ${serviceName} is still running (${current}).`, {
        hint: 'Wait for it to finish; opsdeck runs one action per service at a time.',
        retryable: true,
        details: { guard: 'service-lock' },
      });
    }
  }
}
