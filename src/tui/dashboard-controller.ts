/**
 * The dashboard's brain without the screen: the view stack, cursor, filter,
 * sort, cluster scope, modes (command, filter, help, action dialog) and what
 * every key does. Pure enough to test without blessed; the screen glue only
 * draws what `compose` (render/screen-composer.ts) makes of it.
 */
import { resolveClusterScope } from './cluster-scope.js';
import type { Clock } from '../core/clock.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';
import { ActionDialog, edit, type DialogSpec } from './action-dialog.js';
import { actionForKey } from './action-keys.js';
import { parseCommandLine, type TopView } from './command-line.js';
import type { HealthHistory } from './health-history.js';
import { compileFilter, type ListFilter } from './list-filter.js';
import { jumpCursor, moveCursor, reconcileCursor, type CursorPosition } from './list-navigation.js';
import type { ListModel, RowTarget } from './list-model.js';
import type { PolledSource } from './polled-source.js';
import type { ActionGateway, AlertSummary, AlertsSource, AuditSummary, OnCallEntry, PendingApproval } from './ports.js';
import { alertsListModel } from './view-models/alerts-list.js';
import { approvalsListModel } from './view-models/approvals-list.js';
import { auditListModel } from './view-models/audit-list.js';
import { onCallListModel } from './view-models/oncall-list.js';
import { plansListModel } from './view-models/plans-list.js';
import { ResourcesView } from './resources-view.js';
import type { ResourcePanelModel } from './view-models/resource-totals.js';
import { serviceDetailModel } from './view-models/service-detail.js';
import { ServiceSelection } from './service-selection.js';
import { SERVICE_SORTS, servicesListModel, type ServiceEntry, type ServiceSort } from './view-models/services-table.js';
import type { StateDiff } from '../core/state/cluster-state.js';

/** Every view, top-level or drilled into. */
export type ViewName = TopView | 'detail';

/** One level of the view stack. */
export interface Frame {
  view: ViewName;
  serviceId?: string;
  cursor: number;
  cursorKey?: string;
  scroll: number;
  filter?: ListFilter;
}

/** What the keyboard is currently talking to. */
export type Mode =
  | { kind: 'normal' }
  | { kind: 'command'; text: string }
  | { kind: 'filter'; text: string; previous: ListFilter | undefined }
  | { kind: 'help' }
  | { kind: 'dialog'; dialog: ActionDialog };

/** A transient line in the footer. */
export interface Flash {
  text: string;
  level: 'info' | 'error' | 'success';
  at: number;
}

/** The background-fetched port data the views read. */
export interface DashboardSources {
  alerts: PolledSource<AlertSummary[]>;
  oncall: PolledSource<OnCallEntry[]>;
  audit: PolledSource<AuditSummary[]>;
  approvals: PolledSource<PendingApproval[]>;
}

/** Dependencies of the controller. */
export interface DashboardControllerOptions {
  store: ClusterStateView;
  clock: Clock;
  readOnly: boolean;
  actions?: ActionGateway | undefined;
  alerts?: AlertsSource | undefined;
  sources: DashboardSources;
  history: HealthHistory;
  /** Something changed asynchronously (dialog step, background outcome): redraw. */
  changed: () => void;
  quit: () => void;
}

/** View state plus key handling for the dashboard. */
export class DashboardController {
  frames: Frame[] = [{ view: 'services', cursor: 0, scroll: 0 }];
  mode: Mode = { kind: 'normal' };
  sort: ServiceSort = 'name';
  cluster: string | undefined;
  flash: Flash | undefined;
  /** Body height of the last draw, for paging. */
  pageSize = 20;
  private readonly selection: ServiceSelection;
  /** A filter typed on the big services list, applied on the next coalesced redraw so typing never waits on 10k rows. */
  private pendingFilter: { frame: Frame; filter: ListFilter | undefined } | undefined;
  private readonly resources: ResourcesView;

  constructor(readonly options: DashboardControllerOptions) {
    this.selection = new ServiceSelection(options.store);
    this.resources = new ResourcesView(options.store);
  }

  /** Folds a store diff into the view state (health history, services order). */
  noteDiff(diff: StateDiff): void {
    this.options.history.record(diff, this.options.clock.now());
    this.selection.noteDiff(diff);
  }

  /** Full re-selections of the services table so far. */
  get selectionRebuilds(): number {
    return this.selection.rebuilds;
  }

  /** The frame on top of the stack. */
  get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** A loading notice while no backend has delivered its first snapshot. */
  loadingNotice(): string | undefined {
    const backends = this.options.store.backends();
    if (backends.length === 0) return 'No backends configured.';
    if (backends.some((b) => b.synced)) return undefined;
    return `Loading… waiting for the first sync from ${backends.map((b) => `${b.id} (${b.connection})`).join(', ')}`;
  }

  /** The current view's rows (the services selection is cached per state version). */
  model(): ListModel {
    const { store, clock, sources } = this.options;
    const now = clock.now();
    const f = this.frame;
    const isProtected = this.options.actions?.isProtected?.bind(this.options.actions);
    switch (f.view) {
      case 'services': {
        const entries = this.serviceEntries();
        const n = this.selection.count;
        return servicesListModel(entries, { now, isProtected, lookup: (id) => store.service(id), title: `services (${n}${f.filter === undefined ? '' : ` of ${store.serviceCount()}`})` });
      }
      case 'detail':
        return serviceDetailModel(store, f.serviceId ?? '', { now, history: this.options.history.of(f.serviceId ?? ''), isProtected: isProtected?.(f.serviceId ?? '') ?? false, filter: f.filter });
      case 'plans':
        return plansListModel(store.plans(), { now, filter: f.filter, cluster: this.cluster, clusterOf: (id) => store.service(id)?.cluster });
      case 'alerts':
        return alertsListModel(sources.alerts.current, { now, filter: f.filter });
      case 'oncall':
        return onCallListModel(sources.oncall.current, { now });
      case 'audit':
        return auditListModel(sources.audit.current, { now, filter: f.filter });
      case 'resources':
        return this.resources.list({ filter: f.filter, cluster: this.cluster });
      case 'approvals':
        return approvalsListModel(sources.approvals.current, { now });
    }
  }

  /** The resources view's capacity panel (CPU / memory totals, fullest hosts) for `rows` summary lines. */
  resourcesPanel(layout: { rows: number; compact: boolean }): ResourcePanelModel {
    return this.resources.panel({ filter: this.frame.filter, cluster: this.cluster }, layout);
  }

  private serviceEntries(): ServiceEntry[] {
    return this.selection.select({ filter: this.frame.filter, sort: this.sort, cluster: this.cluster });
  }

  /** Puts the cursor back on the same item after the list changed. */
  syncCursor(model: ListModel): void {
    this.place(reconcileCursor(model, this.frame));
  }

  /** The selected row's target, if any. */
  selectedTarget(model: ListModel = this.model()): RowTarget | undefined {
    this.syncCursor(model);
    return model.selectable(this.frame.cursor) ? model.rowAt(this.frame.cursor).target : undefined;
  }

  /** Feeds one normalised key. */
  onKey(key: string): void {
    const mode = this.mode;
    switch (mode.kind) {
      case 'help':
        this.mode = { kind: 'normal' };
        if (key === 'q' || key === 'C-c') this.options.quit();
        return;
      case 'command':
        return this.onCommandKey(mode, key);
      case 'filter':
        return this.onFilterKey(mode, key);
      case 'dialog': {
        const result = mode.dialog.onKey(key);
        if (result === 'closed') this.closeDialog(mode.dialog);
        else if (result !== 'handled') this.openDialog(result.followUp);
        return;
      }
      case 'normal':
        return this.onNormalKey(key);
    }
  }

  private onNormalKey(key: string): void {
    switch (key) {
      case 'q':
      case 'C-c':
        return this.options.quit();
      case '?':
        this.mode = { kind: 'help' };
        return;
      case ':':
        this.mode = { kind: 'command', text: '' };
        return;
      case '/':
        this.mode = { kind: 'filter', text: this.frame.filter?.text ?? '', previous: this.frame.filter };
        return;
      case 'j':
      case 'down':
        return this.move(1);
      case 'k':
      case 'up':
        return this.move(-1);
      case 'C-d':
      case 'pagedown':
        return this.move(Math.max(1, this.pageSize - 1));
      case 'C-u':
      case 'pageup':
        return this.move(-Math.max(1, this.pageSize - 1));
      case 'g':
      case 'home':
        return this.jump('first');
      case 'G':
      case 'end':
        return this.jump('last');
      case 'enter':
        return this.drill();
      case 'escape':
        return this.back();
      case 'o':
        this.sort = SERVICE_SORTS[(SERVICE_SORTS.indexOf(this.sort) + 1) % SERVICE_SORTS.length]!;
        this.say(`Sorted by ${this.sort}.`);
        return;
    }
    const request = actionForKey(key, {
      target: this.selectedTarget(),
      contextServiceId: this.frame.view === 'detail' ? this.frame.serviceId : undefined,
      state: this.options.store,
      actions: this.options.actions,
      alerts: this.options.alerts,
      readOnly: this.options.readOnly,
    });
    if (request === undefined) return;
    if ('message' in request) {
      this.say(request.message, 'error');
      return;
    }
    this.openDialog(request.spec);
  }

  private openDialog(spec: DialogSpec): void {
    const dialog = new ActionDialog(spec, {
      changed: () => this.options.changed(),
      finishedInBackground: (text) => {
        this.say(text, /succeeded/.test(text) ? 'success' : 'info');
        this.refreshPortsAfterAction();
        this.options.changed();
      },
    });
    this.mode = { kind: 'dialog', dialog };
  }

  private closeDialog(dialog: ActionDialog): void {
    this.mode = { kind: 'normal' };
    const s = dialog.current;
    if (s.step === 'outcome') {
      this.say(`${dialog.spec.title}: ${s.outcome.status} — ${s.outcome.message}`, s.outcome.status === 'succeeded' ? 'success' : s.outcome.status === 'pending-approval' ? 'info' : 'error');
      this.refreshPortsAfterAction();
    } else if (s.step === 'executing') this.say(`${dialog.spec.title} is still running; its outcome will show here.`);
    else if (s.step === 'error') this.say(`${dialog.spec.title}: ${s.message}`, 'error');
    else this.say('Cancelled.');
  }

  private refreshPortsAfterAction(): void {
    const { sources } = this.options;
    sources.alerts.refresh();
    sources.audit.refresh();
    sources.approvals.refresh();
  }

  private onCommandKey(mode: Extract<Mode, { kind: 'command' }>, key: string): void {
    if (key === 'escape' || key === 'C-c') {
      this.mode = { kind: 'normal' };
      return;
    }
    if (key !== 'enter') {
      this.mode = { kind: 'command', text: edit(mode.text, key) };
      return;
    }
    this.mode = { kind: 'normal' };
    const command = parseCommandLine(mode.text);
    switch (command.type) {
      case 'view':
        this.frames = [{ view: command.view, cursor: 0, scroll: 0 }];
        if (command.view === 'alerts') this.options.sources.alerts.refresh();
        if (command.view === 'audit') this.options.sources.audit.refresh();
        if (command.view === 'approvals') this.options.sources.approvals.refresh();
        if (command.view === 'oncall') this.options.sources.oncall.refresh();
        return;
      case 'cluster': {
        const scope = resolveClusterScope(command.cluster, this.options.store.backends().map((b) => b.cluster));
        if (scope.ok) this.cluster = scope.cluster;
        this.say(scope.message, scope.ok ? 'info' : 'error');
        return;
      }
      case 'sort':
        this.sort = command.sort;
        this.say(`Sorted by ${command.sort}.`);
        return;
      case 'help':
        this.mode = { kind: 'help' };
        return;
      case 'quit':
        this.options.quit();
        return;
      case 'invalid':
        this.say(command.message, 'error');
        return;
    }
  }

  private onFilterKey(mode: Extract<Mode, { kind: 'filter' }>, key: string): void {
    const f = this.frame;
    if (key === 'escape' || key === 'C-c') {
      this.pendingFilter = undefined;
      this.setFilter(f, mode.previous);
      this.mode = { kind: 'normal' };
      return;
    }
    if (key === 'enter') {
      this.applyPendingFilter();
      this.mode = { kind: 'normal' };
      if (f.filter?.literal === true) this.say(`"${f.filter.text}" is not a valid regex; matching it literally.`);
      return;
    }
    const text = edit(mode.text, key);
    this.mode = { kind: 'filter', text, previous: mode.previous };
    if (f.view === 'services') this.pendingFilter = { frame: f, filter: compileFilter(text) };
    else this.setFilter(f, compileFilter(text));
  }

  /** True when work was deferred to the next coalesced redraw (see applyPendingFilter). */
  hasPendingWork(): boolean {
    return this.pendingFilter !== undefined;
  }

  /** Applies a filter typed on the services list; called by coalesced redraws and on Enter. */
  applyPendingFilter(): void {
    const pending = this.pendingFilter;
    if (pending === undefined) return;
    this.pendingFilter = undefined;
    if (this.frames.includes(pending.frame)) this.setFilter(pending.frame, pending.filter);
  }

  private setFilter(f: Frame, filter: ListFilter | undefined): void {
    if (filter === undefined) delete f.filter;
    else f.filter = filter;
    f.scroll = 0;
  }

  private move(delta: number): void {
    this.place(moveCursor(this.model(), this.frame, delta));
  }

  private jump(where: 'first' | 'last'): void {
    this.place(jumpCursor(this.model(), where));
  }

  private place(position: CursorPosition): void {
    this.frame.cursor = position.cursor;
    if (position.cursorKey === undefined) delete this.frame.cursorKey;
    else this.frame.cursorKey = position.cursorKey;
  }

  private drill(): void {
    const target = this.selectedTarget();
    if (target === undefined) return;
    const serviceId = target.type === 'approval' ? undefined : target.serviceId;
    if (serviceId === undefined) return;
    if (this.frame.view === 'detail' && this.frame.serviceId === serviceId) return;
    this.frames.push({ view: 'detail', serviceId, cursor: 0, scroll: 0 });
  }

  private back(): void {
    const f = this.frame;
    if (f.filter !== undefined) {
      this.setFilter(f, undefined);
      return;
    }
    if (this.frames.length > 1) this.frames.pop();
  }

  /** Shows a transient message in the footer. */
  say(text: string, level: Flash['level'] = 'info'): void {
    this.flash = { text, level, at: this.options.clock.now() };
  }
}
