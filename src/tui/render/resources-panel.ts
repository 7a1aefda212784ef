/**
 * The resources view's capacity panel drawn with blessed-contrib: a `donut`
 * pair (CPU, memory allocated vs total for the hosts in scope) and a box of
 * per-cluster summary lines beside it. Thin glue: everything it shows comes
 * from resourcePanelModel (view-models/resource-totals.ts). Widgets are made
 * on first use, so other views never load or draw them.
 */
import { createRequire } from 'node:module';
import type { Widgets } from 'blessed';
import type { DonutSpec, ResourcePanelModel } from '../view-models/resource-totals.js';
import { segmentsMarkup } from './tags.js';

const require = createRequire(import.meta.url);

/** Rows the panel takes (borders included); the composer leaves them free above the host table. */
export const RESOURCE_PANEL_ROWS = 9;
/** Width of the donut box; the summary box takes the rest of the row. */
const RESOURCE_DONUT_WIDTH = 46;

/** Inner width of the summary box beside the donuts on a screen `width` columns wide (borders and padding off). */
export function resourceSummaryWidth(width: number): number {
  return Math.max(0, width - Math.min(RESOURCE_DONUT_WIDTH, width) - 4);
}

interface DonutData {
  percent: number;
  label: string;
  color: string;
}

/** The part of contrib's donut this uses (blessed-contrib ships no types). */
interface DonutWidget extends Widgets.BoxElement {
  setData(data: DonutData[]): void;
}

type DonutFactory = (options: Widgets.BoxOptions & { radius: number; arcWidth: number; remainColor: string; yPadding: number }) => DonutWidget;

const DONUT_COLOR: Record<DonutSpec['color'], string> = { green: 'green', yellow: 'yellow', red: 'red', grey: 'white', cyan: 'cyan', magenta: 'magenta', blue: 'blue', white: 'white' };

/** The panel's widgets on one screen, shown over the top rows of the body region. */
export class ResourcesPanel {
  private widgets: { donut: DonutWidget; summary: Widgets.BoxElement } | undefined;
  private lastDonuts = '';
  private lastSummary = '';

  /** `before` is the element the panel must stay under (the overlay), so help and dialogs cover it. */
  constructor(private readonly screen: Widgets.Screen, private readonly before: Widgets.BoxElement) {}

  /** Shows the panel at `top` across `width` columns with the model's data. */
  show(model: ResourcePanelModel, placement: { top: number; width: number }): void {
    const w = this.widgets ?? this.create(placement.top);
    const donutWidth = Math.min(RESOURCE_DONUT_WIDTH, placement.width);
    // contrib reads percent ≤ 1.001 as a fraction, so always hand it the 0..1 ratio.
    const donuts = model.donuts.map((d) => ({ percent: d.ratio, label: d.label, color: DONUT_COLOR[d.color] }));
    const key = JSON.stringify([model.label, donuts]);
    if (key !== this.lastDonuts) {
      this.lastDonuts = key;
      w.donut.setLabel(model.label);
      w.donut.setData(donuts);
    }
    const summaryWidth = Math.max(0, placement.width - donutWidth);
    w.summary.left = donutWidth;
    w.summary.width = summaryWidth;
    const summary = model.lines.map((cells) => segmentsMarkup(cells, Math.max(1, resourceSummaryWidth(placement.width)))).join('\n');
    if (summary !== this.lastSummary) {
      this.lastSummary = summary;
      w.summary.setContent(summary);
    }
    w.donut.show();
    if (summaryWidth >= 20) w.summary.show();
    else w.summary.hide();
  }

  /** Hides the panel (other views, loading, no hosts, or too little room). */
  hide(): void {
    if (this.widgets === undefined) return;
    this.widgets.donut.hide();
    this.widgets.summary.hide();
  }

  private create(top: number): { donut: DonutWidget; summary: Widgets.BoxElement } {
    const donutFactory = require('blessed-contrib/lib/widget/donut.js') as DonutFactory;
    const blessed = require('blessed') as typeof import('blessed');
    const donut = donutFactory({ top, left: 0, width: RESOURCE_DONUT_WIDTH, height: RESOURCE_PANEL_ROWS, tags: true, border: { type: 'line' }, style: { border: { fg: 'cyan' } }, radius: 8, arcWidth: 3, remainColor: 'black', yPadding: 2 });
    const summary = blessed.box({ top, left: RESOURCE_DONUT_WIDTH, height: RESOURCE_PANEL_ROWS, width: 10, tags: true, wrap: false, border: { type: 'line' }, style: { border: { fg: 'cyan' } }, padding: { left: 1, right: 1 }, label: ' by cluster ' });
    // contrib's canvas is sized and gets its drawing context on 'attach', so it must be appended (not given a parent).
    this.screen.insertBefore(donut, this.before);
    this.screen.insertBefore(summary, this.before);
    this.widgets = { donut, summary };
    return this.widgets;
  }
}
