/**
 * Composes the whole screen as tagged text from the controller: header, a
 * title bar with breadcrumbs / filter / sort, the virtualized body, the footer
 * (prompt, flash or key hints) and an optional overlay (help or action dialog).
 */
import type { DashboardController } from '../dashboard-controller.js';
import { fit } from '../format.js';
import { helpLines } from '../help-text.js';
import type { Cell } from '../list-model.js';
import { headerLines } from '../view-models/header.js';
import type { ListModel } from '../list-model.js';
import { PANEL_FULL_SUMMARY_WIDTH, type ResourcePanelModel } from '../view-models/resource-totals.js';
import { dialogLines } from './dialog-lines.js';
import { renderList } from './list-renderer.js';
import { RESOURCE_PANEL_ROWS, resourceSummaryWidth } from './resources-panel.js';
import { escapeTags, segmentsMarkup } from './tags.js';

/** Tagged text for each screen region. */
export interface ComposedScreen {
  header: string;
  title: string;
  body: string;
  footer: string;
  overlay?: { label: string; content: string; width: number; height: number };
  /** The resources view's capacity panel, drawn over the body's first RESOURCE_PANEL_ROWS rows (left blank in `body`). */
  resources?: ResourcePanelModel;
}

/** Narrowest screen and fewest host rows left for which the capacity panel is drawn. */
const PANEL_MIN_WIDTH = 80;
const PANEL_MIN_LIST_ROWS = 6;

/** Rows used by everything but the body. */
export const CHROME_ROWS = 4;

/** Builds every region for a screen of `width` × `height`. */
export function composeScreen(c: DashboardController, width: number, height: number): ComposedScreen {
  const { clock, store, readOnly, sources } = c.options;
  const now = clock.now();
  const header = headerLines({ now, backends: store.backends(), alerts: sources.alerts.current, oncall: sources.oncall.current, approvals: sources.approvals.current, readOnly, cluster: c.cluster })
    .map((cells) => segmentsMarkup(cells, width))
    .join('\n');
  const bodyHeight = Math.max(1, height - CHROME_ROWS);
  c.pageSize = bodyHeight;
  const f = c.frame;
  const loading = f.view === 'services' || f.view === 'detail' || f.view === 'plans' || f.view === 'resources' ? c.loadingNotice() : undefined;
  let body: string;
  let titleText: string;
  let resources: ResourcePanelModel | undefined;
  if (loading !== undefined) {
    titleText = f.view;
    body = `\n  {yellow-fg}${escapeTags(loading)}{/yellow-fg}`;
  } else {
    const model = c.model();
    c.syncCursor(model);
    resources = f.view === 'resources' ? resourcesPanel(c, model, width, bodyHeight) : undefined;
    const listHeight = resources === undefined ? bodyHeight : bodyHeight - RESOURCE_PANEL_ROWS;
    c.pageSize = listHeight;
    const rendered = renderList(model, { cursor: f.cursor, scroll: f.scroll, width, height: listHeight });
    f.scroll = rendered.scroll;
    body = (resources === undefined ? '' : '\n'.repeat(RESOURCE_PANEL_ROWS)) + rendered.lines.join('\n');
    titleText = model.title;
  }
  const crumbs = c.frames.map((fr) => (fr.view === 'detail' ? (store.service(fr.serviceId ?? '')?.name ?? 'gone') : fr.view)).join(' › ');
  const extras = [
    f.filter === undefined ? '' : `filter /${f.filter.text}/${f.filter.literal ? ' (literal)' : ''}`,
    f.view === 'services' ? `sort ${c.sort}` : '',
    c.cluster === undefined ? '' : `cluster ${c.cluster}`,
  ].filter((s) => s !== '');
  const title = `{inverse}${escapeTags(fit(` ${crumbs} │ ${titleText}${extras.length > 0 ? ` │ ${extras.join(' · ')}` : ''}`, width))}{/inverse}`;
  const composed: ComposedScreen = { header, title, body, footer: footer(c, width, now) };
  const overlay = overlayFor(c, width, height);
  if (overlay !== undefined) composed.overlay = overlay;
  if (resources !== undefined) composed.resources = resources;
  return composed;
}

function resourcesPanel(c: DashboardController, model: ListModel, width: number, bodyHeight: number): ResourcePanelModel | undefined {
  if (model.count === 0 || width < PANEL_MIN_WIDTH || bodyHeight - RESOURCE_PANEL_ROWS < PANEL_MIN_LIST_ROWS) return undefined;
  return c.resourcesPanel({ rows: RESOURCE_PANEL_ROWS - 2, compact: resourceSummaryWidth(width) < PANEL_FULL_SUMMARY_WIDTH });
}

function footer(c: DashboardController, width: number, now: number): string {
  const mode = c.mode;
  if (mode.kind === 'command') return segmentsMarkup([{ text: ':', bold: true }, { text: `${mode.text}█` }], width);
  if (mode.kind === 'filter') return segmentsMarkup([{ text: '/', bold: true }, { text: `${mode.text}█` }, { text: '   Enter keep · Esc cancel · !regex inverts', color: 'grey' }], width);
  if (c.flash !== undefined && now - c.flash.at < 8000) {
    const color = c.flash.level === 'error' ? 'red' : c.flash.level === 'success' ? 'green' : 'cyan';
    return segmentsMarkup([{ text: c.flash.text, color, bold: true }], width);
  }
  return segmentsMarkup(hints(c), width);
}

function hints(c: DashboardController): Cell[] {
  const nav = '?:help  :cmd  /:filter  j/k:move  Enter:open  Esc:back  q:quit';
  if (c.options.readOnly) return [{ text: nav }, { text: '   read-only', color: 'magenta' }];
  const byView: Record<string, string> = {
    services: 's:scale r:restart b:rollback o:sort',
    detail: 's:scale r:restart b:rollback x:kill-task p/P:pause/resume R:restart-step F:force',
    plans: 'p:pause P:resume R:restart-step F:force-complete',
    alerts: 'a:ack S:silence',
  };
  const actions = byView[c.frame.view];
  return actions === undefined ? [{ text: nav }] : [{ text: `${nav}   ` }, { text: actions, color: 'cyan' }];
}

function overlayFor(c: DashboardController, width: number, height: number): ComposedScreen['overlay'] {
  const mode = c.mode;
  if (mode.kind === 'help') {
    const lines = helpLines({ readOnly: c.options.readOnly });
    const w = Math.min(width - 2, Math.max(...lines.map((l) => l.length)) + 4);
    return { label: ' help — any key closes ', content: lines.map((l) => escapeTags(l)).join('\n'), width: w, height: Math.min(height - 2, lines.length + 2) };
  }
  if (mode.kind === 'dialog') {
    const w = Math.min(width - 4, 90);
    const lines = dialogLines(mode.dialog, w - 4);
    return { label: ` ${escapeTags(mode.dialog.spec.title)} `, content: lines.join('\n'), width: w, height: Math.min(height - 2, lines.length + 2) };
  }
  return undefined;
}
