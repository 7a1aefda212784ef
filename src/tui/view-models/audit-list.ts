/**
 * The audit view: recent audit entries, newest first, so a person sees who
 * did what to which target and how it ended.
 */
import { formatAge } from '../../core/time/duration.js';
import type { ListFilter } from '../list-filter.js';
import { listFromRows, type ListModel, type ListRow } from '../list-model.js';
import { loadableNotice, loadedValue, type Loadable } from '../loadable.js';
import type { AuditSummary } from '../ports.js';

/** Builds the audit view. */
export function auditListModel(entries: Loadable<AuditSummary[]>, ctx: { now: number; filter?: ListFilter | undefined }): ListModel {
  const list = (loadedValue(entries) ?? []).filter((e) => ctx.filter === undefined || ctx.filter.matches(`${e.actor} ${e.action} ${e.target} ${e.outcome} ${e.message ?? ''}`));
  const rows: ListRow[] = list.map((e) => {
    const bad = /fail|denied|timed|reject/i.test(e.outcome);
    return {
      kind: 'item',
      cells: [
        { text: `${formatAge(ctx.now - e.at)} ago` },
        { text: e.actor },
        { text: e.action },
        { text: e.target },
        { text: e.outcome, color: bad ? 'red' : /succe|ok/i.test(e.outcome) ? 'green' : 'white' },
        { text: e.message ?? '' },
      ],
    };
  });
  return listFromRows({
    title: `audit (${list.length})`,
    columns: [
      { title: 'WHEN', width: 9, align: 'right' },
      { title: 'ACTOR', width: 12 },
      { title: 'ACTION', width: 14 },
      { title: 'TARGET', width: 26 },
      { title: 'OUTCOME', width: 16 },
      { title: 'MESSAGE', width: 0 },
    ],
    rows,
    empty: loadableNotice(entries, 'audit log') ?? 'No audit entries.',
  });
}
