/** The terminal dashboard's public surface: runDashboard and the ports the lead wires. */
export { runDashboard, type Dashboard, type DashboardOptions, type DashboardScreenOptions, type DashboardStore } from './run-dashboard.js';
export type {
  ActionGateway,
  ActionOutcome,
  ActionPreview,
  AlertSeverity,
  AlertSummary,
  AlertsSource,
  AuditSource,
  AuditSummary,
  ConfirmationKind,
  GivenConfirmation,
  OnCallEntry,
  OnCallSource,
  PendingApproval,
  ProposedAction,
} from './ports.js';
export { chooseTerminal } from './terminal-name.js';
