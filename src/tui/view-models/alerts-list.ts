/**
 * The alerts view: open alerts by severity (glyph + word + colour), with who
 * acknowledged them and silences, each selectable for ack / silence.
 */
import { formatAge } from '../../core/time/duration.js';
import { fit } from '../format.js';
import type { ListFilter } from '../list-filter.js';
import { listFromRows, type CellColor, type ListModel, type ListRow } from '../list-model.js';
import { loadableNotice, loadedValue, type Loadable } from '../loadable.js';
import type { AlertSeverity, AlertSummary } from '../ports.js';

const SEVERITY: Record<AlertSeverity, { rank: number; glyph: string; color: CellColor }> = {
  critical: { rank: 0, glyph: '✖', color: 'red' },
  warning: { rank: 1, glyph: '▲', color: 'yellow' },
  info: { rank: 2, glyph: 'i', color: 'cyan' },
};

/** Glyph and colour of an alert severity. */
export function severityStyle(severity: AlertSeverity): { glyph: string; color: CellColor } {
  return SEVERITY[severity];
}

/** Builds the alerts view. */
export function alertsListModel(alerts: Loadable<AlertSummary[]>, ctx: { now: number; filter?: ListFilter | undefined }): ListModel {
  const columns = [
    { title: 'SEVERITY', width: 11 },
    { title: 'TITLE', width: 0 },
    { title: 'SERVICE', width: 24 },
    { title: 'OPEN', width: 5, align: 'right' as const },
    { title: 'STATE', width: 22 },
  ];
  const list = (loadedValue(alerts) ?? []).filter((a) => ctx.filter === undefined || ctx.filter.matches(`${a.severity} ${a.title} ${a.serviceId ?? ''}`));
  list.sort((a, b) => SEVERITY[a.severity].rank - SEVERITY[b.severity].rank || a.openedAt - b.openedAt);
  const rows: ListRow[] = list.map((a) => {
    const style = SEVERITY[a.severity];
    const silenced = a.silencedUntil !== undefined && a.silencedUntil > ctx.now;
    const state = silenced ? `silenced ${formatAge(a.silencedUntil! - ctx.now)}` : a.acknowledgedBy !== undefined ? `acked by ${a.acknowledgedBy}` : 'OPEN';
    return {
      kind: 'item',
      dim: silenced,
      target: { type: 'alert', alertId: a.id, ...(a.serviceId === undefined ? {} : { serviceId: a.serviceId }) },
      cells: [
        { text: `${style.glyph} ${a.severity.toUpperCase()}`, color: style.color },
        { text: a.title },
        { text: a.serviceId ?? '-' },
        { text: formatAge(ctx.now - a.openedAt) },
        { text: fit(state, 22), ...(state === 'OPEN' ? { color: style.color, bold: true } : {}) },
      ],
    };
  });
  const notice = loadableNotice(alerts, 'alerts');
  return listFromRows({ title: `alerts (${list.length})`, columns, rows, empty: notice ?? 'No open alerts.' });
}
