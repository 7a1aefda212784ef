/** Keeps scale commands inside the configured bounds (per service when overridden) and step size. */
import { opsError } from '../../errors.js';
import type { Guard } from './guard.js';

/** Rejects a scale outside [min, max] or changing the count by more than maxChange. */
export const scaleBoundsGuard: Guard = {
  name: 'scale-bounds',
  check({ command, target, config }) {
    if (command.kind !== 'scale') return;
    const { service } = target;
    const override = config.scale.overrides.find((o) => o.service === service.name || o.service === service.id);
    const min = override?.min ?? config.scale.min;
    const max = override?.max ?? config.scale.max;
    const n = command.args.replicas;
    if (n < min || n > max) {
      throw opsError('GUARD_REJECTED', `Cannot scale ${service.name} to ${n}: allowed range is ${min}–${max}.`, {
        hint: 'Pick a count in range, or ask an administrator to change guards.scale in opsdeck.yaml.',
        details: { guard: 'scale-bounds', min, max },
      });
    }
    const maxChange = config.scale.maxChange;
    if (maxChange !== undefined && Math.abs(n - service.desired) > maxChange) {
      throw opsError('GUARD_REJECTED', `Scaling ${service.name} from ${service.desired} to ${n} changes more than ${maxChange} instances at once.`, {
        hint: `Scale in steps of at most ${maxChange}.`,
        details: { guard: 'scale-bounds', maxChange },
      });
    }
  },
};
