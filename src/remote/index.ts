/** The remote dashboard (`opsdeck tui --connect`) in one import. */
export { openRemoteDashboard, type OpenRemoteDashboardOptions, type RemoteDashboard } from './open-remote-dashboard.js';
export { DaemonConnection, type DaemonConnectionOptions, type HelloMessage, type LinkStatus } from './daemon-connection.js';
export { RemoteStateMirror, type StaleReason } from './remote-state-mirror.js';
export { remoteActionGateway, type RemoteActionGatewayOptions } from './remote-action-gateway.js';
export { remoteAlertsSource } from './remote-alerts-source.js';
export { daemonEndpoint, type DaemonEndpoint } from './daemon-url.js';
