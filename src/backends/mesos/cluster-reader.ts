/**
 * Reads the parts of a DC/OS cluster that have no push API or are only
 * invalidated by events: Marathon apps (with tasks) and deployments, and each
 * SDK scheduler's plans and target configuration.
 */
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { PlanReport } from '../../core/model/plan.js';
import type { SdkServiceData } from './cluster-model.js';
import type { DcosHttp } from './dcos-http.js';
import { parseApps, parseDeployments, type WireApp, type WireDeployment } from './marathon-wire.js';
import { parsePlan, parsePlanNames, parseTargetTasks } from './sdk-wire.js';

/** Reads Marathon and SDK state over HTTP. */
export class ClusterReader {
  constructor(
    private readonly http: DcosHttp,
    private readonly urls: { marathonUrl: string; sdk: Record<string, string> },
  ) {}

  /** `GET /v2/apps?embed=apps.tasks` and `GET /v2/deployments`. */
  async marathon(signal: AbortSignal): Promise<{ apps: WireApp[]; deployments: WireDeployment[] }> {
    const [apps, deployments] = await Promise.all([
      this.http.request({ component: 'Marathon', method: 'GET', url: `${this.urls.marathonUrl}/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure`, signal }),
      this.http.request({ component: 'Marathon', method: 'GET', url: `${this.urls.marathonUrl}/v2/deployments`, signal }),
    ]);
    return { apps: parseApps(apps.body), deployments: parseDeployments(deployments.body) };
  }

  /** One plan (`GET /v1/plans/{plan}` answers 200, 202 or 417 with the plan). */
  async plan(service: string, name: string, signal: AbortSignal, at: number): Promise<PlanReport> {
    const url = this.sdkUrl(service);
    const res = await this.http.request({ component: `SDK scheduler ${service}`, method: 'GET', url: `${url}/v1/plans/${encodeURIComponent(name)}`, signal, accept: [202, 417] });
    return parsePlan(service, name, res.body, at);
  }

  /** Every plan of a service and what should be running. */
  async sdkService(service: string, signal: AbortSignal, at: number): Promise<SdkServiceData> {
    const url = this.sdkUrl(service);
    const component = `SDK scheduler ${service}` as const;
    const names = parsePlanNames(service, (await this.http.request({ component, method: 'GET', url: `${url}/v1/plans`, signal })).body);
    const [plans, target] = await Promise.all([
      Promise.all(names.map((name) => this.plan(service, name, signal, at))),
      this.target(service, url, signal),
    ]);
    return { plans: new Map(plans.map((p) => [p.name, p])), ...target };
  }

  private async target(service: string, url: string, signal: AbortSignal): Promise<{ runningTasks: string[]; role?: string; packageVersion?: string }> {
    const component = `SDK scheduler ${service}` as const;
    try {
      const res = await this.http.request({ component, method: 'GET', url: `${url}/v1/configurations/target`, signal });
      return parseTargetTasks(service, res.body);
    } catch (error) {
      if (!isOpsdeckError(error) || error.code !== 'NOT_FOUND') throw error;
      // Older schedulers: fall back to the pods they report.
      const res = await this.http.request({ component, method: 'GET', url: `${url}/v1/pod/status`, signal });
      const pods = (res.body as { pods?: { instances?: { tasks?: { name?: string; status?: string }[] }[] }[] }).pods ?? [];
      const runningTasks = pods.flatMap((p) => (p.instances ?? []).flatMap((i) => (i.tasks ?? []).filter((t) => t.status !== 'FINISHED').map((t) => String(t.name))));
      return { runningTasks };
    }
  }

  private sdkUrl(service: string): string {
    const url = this.urls.sdk[service];
    if (url === undefined) throw opsError('CONFIG_INVALID', `No SDK scheduler URL is configured for ${service}.`, { hint: 'Add it under sdk in the backend config.' });
    return url;
  }
}
