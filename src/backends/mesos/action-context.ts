/**
 * What the Mesos backend's actions share: HTTP access, config, the clock, the
 * live model of the current session, and how a native id maps to a kind.
 */
import type { Clock } from '../../core/clock.js';
import { opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import type { DcosHttp } from './dcos-http.js';
import type { MesosBackendConfig } from './mesos-config.js';
import type { LiveModel } from './watch-session.js';

/** Dependencies of every action. */
export interface ActionContext {
  backendId: string;
  config: MesosBackendConfig;
  http: DcosHttp;
  clock: Clock;
  live: LiveModel;
  /** How long an action waits for a blocking Marathon deployment before giving up. */
  deploymentWaitMs: number;
}

/** The Marathon app id of a service, or UNSUPPORTED when it is not a Marathon app. */
export function marathonAppId(ctx: ActionContext, service: Pick<Service, 'nativeId' | 'name'>): string {
  if (ctx.config.sdk[service.nativeId] !== undefined) {
    throw opsError('UNSUPPORTED', `${service.name} is a DC/OS SDK service; scale, restart and rollback apply to Marathon apps.`, {
      hint: 'Use plan controls (pause, resume, restart step, force-complete) or pod restart / replace instead.',
    });
  }
  return `/${service.nativeId.replace(/^\/+/, '')}`;
}

/** The SDK scheduler URL of a service, or UNSUPPORTED when it is not an SDK service. */
export function sdkUrl(ctx: ActionContext, service: Pick<Service, 'nativeId' | 'name'>): string {
  const url = ctx.config.sdk[service.nativeId];
  if (url === undefined) {
    throw opsError('UNSUPPORTED', `${service.name} is not a DC/OS SDK service, so it has no plans or pods to control.`, {
      hint: 'Marathon deployments are shown as plans but are controlled by scale, restart and rollback.',
    });
  }
  return url;
}
