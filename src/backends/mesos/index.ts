/** The Mesos / Marathon / DC/OS SDK backend in one import: config schema, factory and the simulator config helper. */
export { mesosBackendConfigSchema, type MesosBackendConfig, type MesosBackendConfigInput } from './mesos-config.js';
export { createMesosBackend, mesosConfigForSimulator } from './create-mesos-backend.js';
export { MesosBackend } from './mesos-backend.js';
export { startDemoBackend, type DemoBackend, type DemoBackendOptions } from './demo-backend.js';
