/**
 * The on-call view: who is on call now for each schedule and until when.
 */
import { formatAge } from '../../core/time/duration.js';
import { listFromRows, type ListModel, type ListRow } from '../list-model.js';
import { loadableNotice, loadedValue, type Loadable } from '../loadable.js';
import type { OnCallEntry } from '../ports.js';

/** Builds the on-call view. */
export function onCallListModel(entries: Loadable<OnCallEntry[]>, ctx: { now: number }): ListModel {
  const list = [...(loadedValue(entries) ?? [])].sort((a, b) => (a.schedule < b.schedule ? -1 : a.schedule > b.schedule ? 1 : (a.level ?? 1) - (b.level ?? 1)));
  const rows: ListRow[] = list.map((e) => ({
    kind: 'item',
    cells: [{ text: e.schedule }, { text: e.level === undefined ? '-' : `L${e.level}` }, { text: e.person, bold: true }, { text: e.until === undefined ? '-' : `in ${formatAge(e.until - ctx.now)}` }],
  }));
  return listFromRows({
    title: `on call (${list.length})`,
    columns: [{ title: 'SCHEDULE', width: 24 }, { title: 'LEVEL', width: 6 }, { title: 'PERSON', width: 0 }, { title: 'HANDS OFF', width: 12 }],
    rows,
    empty: loadableNotice(entries, 'on-call') ?? 'Nobody is on call.',
  });
}
