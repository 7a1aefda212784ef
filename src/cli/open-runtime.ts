/**
 * Opens the embedded core for CLI commands: finds the config (flag, then
 * OPSDECK_CONFIG, then ./opsdeck.yaml), or builds the demo cluster config for
 * `--demo`, and starts the runtime with the real clock.
 */
import { existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../core/clock.js';
import { opsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { backendKinds } from '../daemon/backend-registry.js';
import { loadConfigFile, parseConfig, type LoadedConfig } from '../daemon/config/load-config.js';
import { startRuntime, type Runtime } from '../daemon/runtime.js';
import type { OpenOptions } from './cli-io.js';

/**
 * The config the demo runs on: the embedded simulated DC/OS cluster with gentle
 * chaos, a database in the temp directory, and the person running it as admin.
 */
export function demoConfigYaml(osUser: string): string {
  const db = join(tmpdir(), `opsdeck-demo-${process.getuid?.() ?? 'user'}`, 'opsdeck.db');
  return [
    'backends:',
    '  - kind: sim',
    '    id: demo',
    '    cluster: demo',
    '    chaos: gentle',
    'storage:',
    `  path: ${JSON.stringify(db)}`,
    'compositions:',
    '  - name: oauth',
    '    tenant: prod',
    '    components:',
    '      - { name: front ends, minHealthy: 3, selector: { name: web } }',
    '      - { name: key server, minHealthy: 1, selector: { name: keyserver } }',
    // Short durations so a newcomer sees alerts open, page and clear within a minute of chaos.
    'alerts:',
    '  rules: { unhealthyFor: 5s, degradedFor: 5s, underReplicatedFor: 5s }',
    '  grouping: { wait: 5s }',
    'oncall:',
    '  people:',
    `    - { id: you, name: ${JSON.stringify(osUser)}, timeZone: ${JSON.stringify(localTimeZone())} }`,
    '  schedules:',
    `    - { name: demo-primary, timeZone: ${JSON.stringify(localTimeZone())}, layers: [{ name: everyone, users: [you], start: "2026-01-01" }] }`,
    '  escalationPolicies:',
    '    - { name: demo, levels: [{ notify: [{ schedule: demo-primary }], wait: 5m }] }',
    '  defaultPolicy: demo',
    'access:',
    '  actors:',
    `    - { id: demo-operator, name: ${JSON.stringify(osUser)}, external: { os: ${JSON.stringify(osUser)} } }`,
    '  bindings:',
    '    - { tenant: "*", role: admin, subjects: [demo-operator] }',
    '',
  ].join('\n');
}

/** Loads the config the options point at. */
export function resolveConfig(options: OpenOptions, env: Readonly<Record<string, string | undefined>>, osUser = userInfo().username): LoadedConfig {
  const kinds = backendKinds();
  if (options.demo) {
    if (!kinds.some((k) => k.kind === 'sim')) {
      throw opsError('UNSUPPORTED', 'The embedded demo cluster is not part of this build.', { hint: 'Use --config with your own opsdeck.yaml.' });
    }
    return parseConfig(demoConfigYaml(osUser), { kinds, env, file: '(demo)' });
  }
  const path = options.configPath ?? (env.OPSDECK_CONFIG || undefined) ?? (existsSync('opsdeck.yaml') ? 'opsdeck.yaml' : undefined);
  if (path === undefined) {
    throw opsError('CONFIG_NOT_FOUND', 'No config given and no opsdeck.yaml in this directory.', {
      hint: 'Pass --config PATH (or set OPSDECK_CONFIG), or add --demo to try opsdeck on the embedded simulated cluster.',
    });
  }
  return loadConfigFile(path, { kinds, env });
}

/** Starts the embedded runtime for a CLI command. */
export async function openCliRuntime(options: OpenOptions, deps: { env: Readonly<Record<string, string | undefined>>; logger: Logger }): Promise<Runtime> {
  const config = resolveConfig(options, deps.env);
  return startRuntime(config, { clock: systemClock, env: deps.env, logger: deps.logger, kinds: backendKinds() });
}

/** The machine's IANA time zone (UTC when the runtime cannot tell). */
function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
