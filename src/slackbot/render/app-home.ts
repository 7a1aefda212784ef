/**
 * The App Home tab: who is on call, the viewer's open alerts, and services at
 * a glance (worst first). Pure; published with views.publish.
 */
import type { types } from '@slack/bolt';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { AlertSummary, OnCallEntry } from '../ports.js';
import { LIMITS, context, header, limitBlocks, linesToSections, section, type Block } from './block-limits.js';
import { alertLine, onCallLine, serviceLine, servicesWorstFirst } from './status-replies.js';

/** A Home tab view as views.publish takes it. */
export type HomeView = types.HomeView;

/** What the Home tab shows for one viewer. */
export interface HomeInput {
  onCall: OnCallEntry[];
  /** Open alerts assigned to (or relevant for) the viewer. */
  myAlerts: AlertSummary[];
  view: ClusterStateView;
  /** Whether the viewer is mapped to an opsdeck actor at all. */
  known: boolean;
  generatedAt: number;
}

/** Renders the Home tab, within the 100-block view limit. */
export function renderAppHome(input: HomeInput): HomeView {
  const blocks: Block[] = [header('On call now')];
  blocks.push(...(input.onCall.length === 0 ? [section(':warning: Nobody is on call.')] : linesToSections(input.onCall.map(onCallLine), 10)));
  blocks.push({ type: 'divider' }, header('My open alerts'));
  if (!input.known) blocks.push(section('You are not mapped to an opsdeck user, so you can look but not act. Ask an admin to add your Slack id.'));
  else blocks.push(...(input.myAlerts.length === 0 ? [section(':white_check_mark: Nothing open for you.')] : linesToSections(input.myAlerts.map(alertLine), 20)));
  const services = servicesWorstFirst(input.view);
  blocks.push({ type: 'divider' }, header(`Services (${services.length})`));
  blocks.push(...(services.length === 0 ? [section('No services known yet.')] : linesToSections(services.slice(0, 200).map(serviceLine), 50)));
  blocks.push(context(`Updated <!date^${Math.floor(input.generatedAt / 1000)}^{time}|${new Date(input.generatedAt).toISOString()}>`));
  return { type: 'home', blocks: limitBlocks(blocks, LIMITS.viewBlocks) };
}
