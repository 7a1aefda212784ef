/**
 * Parses what a person types after `:` (k9s style) into a dashboard command,
 * with short aliases, so command mode is testable without a screen.
 */
import { SERVICE_SORTS, type ServiceSort } from './view-models/services-table.js';

/** The top-level views a person can switch to. */
export type TopView = 'services' | 'plans' | 'alerts' | 'oncall' | 'audit' | 'resources' | 'approvals';

/** A parsed `:` command. */
export type LineCommand =
  | { type: 'view'; view: TopView }
  | { type: 'cluster'; cluster: string | undefined }
  | { type: 'sort'; sort: ServiceSort }
  | { type: 'help' }
  | { type: 'quit' }
  | { type: 'invalid'; message: string };

const VIEWS: Record<string, TopView> = {
  services: 'services',
  service: 'services',
  svc: 'services',
  plans: 'plans',
  plan: 'plans',
  alerts: 'alerts',
  alert: 'alerts',
  oncall: 'oncall',
  'on-call': 'oncall',
  audit: 'audit',
  resources: 'resources',
  res: 'resources',
  hosts: 'resources',
  approvals: 'approvals',
  pending: 'approvals',
};

/** Every word command mode accepts (shown in help and used for errors). */
export const COMMAND_WORDS = ['services', 'plans', 'alerts', 'oncall', 'audit', 'resources', 'approvals', 'cluster NAME|all', 'sort name|health|tenant', 'help', 'quit'];

/** Parses a command line (without the leading colon). */
export function parseCommandLine(line: string): LineCommand {
  const [word = '', ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  const lower = word.toLowerCase();
  const view = VIEWS[lower];
  if (view !== undefined) return { type: 'view', view };
  if (lower === 'cluster' || lower === 'ctx') {
    if (arg === '' || arg === 'all' || arg === '*') return { type: 'cluster', cluster: undefined };
    return { type: 'cluster', cluster: arg };
  }
  if (lower === 'sort') {
    const sort = SERVICE_SORTS.find((s) => s === arg.toLowerCase());
    return sort === undefined ? { type: 'invalid', message: `Unknown sort "${arg}". Use: ${SERVICE_SORTS.join(', ')}.` } : { type: 'sort', sort };
  }
  if (lower === 'help' || lower === '?') return { type: 'help' };
  if (lower === 'q' || lower === 'quit' || lower === 'q!' || lower === 'exit') return { type: 'quit' };
  if (lower === '') return { type: 'invalid', message: 'Empty command.' };
  return { type: 'invalid', message: `Unknown command ":${word}". Try: ${COMMAND_WORDS.join(', ')}.` };
}
