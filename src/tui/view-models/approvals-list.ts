/**
 * The approvals view: guarded actions waiting for a second person.
 */
import { formatAge } from '../../core/time/duration.js';
import { listFromRows, type ListModel, type ListRow } from '../list-model.js';
import { loadableNotice, loadedValue, type Loadable } from '../loadable.js';
import type { PendingApproval } from '../ports.js';

/** Builds the pending-approvals view. */
export function approvalsListModel(approvals: Loadable<PendingApproval[]>, ctx: { now: number }): ListModel {
  const list = loadedValue(approvals) ?? [];
  const rows: ListRow[] = list.map((a) => ({
    kind: 'item',
    target: { type: 'approval', approvalId: a.id },
    cells: [
      { text: a.summary, bold: true },
      { text: a.requestedBy },
      { text: `${formatAge(ctx.now - a.requestedAt)} ago` },
      { text: a.expiresAt === undefined ? '-' : a.expiresAt > ctx.now ? `in ${formatAge(a.expiresAt - ctx.now)}` : 'expired', color: 'yellow' },
    ],
  }));
  return listFromRows({
    title: `pending approvals (${list.length})`,
    columns: [{ title: 'ACTION', width: 0 }, { title: 'REQUESTED BY', width: 14 }, { title: 'WHEN', width: 9 }, { title: 'EXPIRES', width: 9 }],
    rows,
    empty: loadableNotice(approvals, 'approvals') ?? 'No actions are waiting for approval.',
  });
}
