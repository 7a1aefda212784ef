/**
 * The plans view: every plan across backends as trees, active plans first,
 * so a person sees all deployments in flight and can pause or resume them.
 */
import { isPlanActive, type Plan } from '../../core/model/plan.js';
import type { ListFilter } from '../list-filter.js';
import { listFromRows, type ListModel, type ListRow } from '../list-model.js';
import { planTreeRows } from './plan-tree.js';

/** Builds the plans view from the store's plans. */
export function plansListModel(plans: Iterable<Plan>, ctx: { now: number; filter?: ListFilter | undefined; cluster?: string | undefined; clusterOf: (serviceId: string) => string | undefined }): ListModel {
  const picked = [...plans].filter((p) => {
    if (ctx.cluster !== undefined && ctx.clusterOf(p.service) !== ctx.cluster) return false;
    return ctx.filter === undefined || ctx.filter.matches(`${p.service} ${p.name} ${p.status}`);
  });
  picked.sort((a, b) => Number(isPlanActive(b)) - Number(isPlanActive(a)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows: ListRow[] = [];
  let activeHeader = false;
  let idleHeader = false;
  for (const plan of picked) {
    if (isPlanActive(plan) && !activeHeader) {
      rows.push({ kind: 'group', cells: [{ text: 'IN FLIGHT', color: 'cyan', bold: true }] });
      activeHeader = true;
    }
    if (!isPlanActive(plan) && !idleHeader) {
      rows.push({ kind: 'group', cells: [{ text: 'IDLE / DONE', color: 'cyan', bold: true }] });
      idleHeader = true;
    }
    rows.push(...planTreeRows(plan, { now: ctx.now, showService: true }));
  }
  return listFromRows({ title: `plans (${picked.length})`, columns: [{ title: '', width: 0 }], rows, empty: 'No plans.' });
}
