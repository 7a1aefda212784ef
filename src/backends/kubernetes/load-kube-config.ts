/**
 * Builds the client's KubeConfig for one backend the way kubectl finds it:
 * an explicit file, else $KUBECONFIG (merged, first file wins), else
 * ~/.kube/config, else the in-cluster service account; then the context.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { opsError } from '../../core/errors.js';
import type { KubernetesBackendConfig } from './kubernetes-config.js';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A loaded kubeconfig with the context in force and the server it talks to. */
export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** The kubeconfig context in force, or `in-cluster` for the service account. */
  context: string;
  server: string;
  inCluster: boolean;
}

function inCluster(env: Readonly<Record<string, string | undefined>>): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (host === undefined || port === undefined) {
    throw opsError('CONFIG_INVALID', 'inCluster is set but KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT are not.', {
      hint: 'Run opsdeck in a pod with a service account, or point the backend at a kubeconfig instead.',
    });
  }
  const kc = new KubeConfig();
  const server = `${['80', '8080', '8001'].includes(port) ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server, caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt`, skipTLSVerify: false },
    { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: `${SERVICE_ACCOUNT_DIR}/token` } } },
  );
  return kc;
}

function fromFiles(files: string[]): KubeConfig {
  const kc = new KubeConfig();
  let loaded = false;
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const next = new KubeConfig();
      next.loadFromFile(file);
      if (!loaded) kc.loadFromFile(file);
      else kc.mergeConfig(next, true);
      loaded = true;
    } catch (error) {
      throw opsError('CONFIG_INVALID', `The kubeconfig ${file} could not be read.`, { cause: error, hint: 'Check that it is valid YAML (kubectl config view --kubeconfig <file>).' });
    }
  }
  if (!loaded) {
    throw opsError('CONFIG_NOT_FOUND', `No kubeconfig found (looked at ${files.join(', ') || 'nothing'}).`, {
      hint: 'Set `kubeconfig:` in the backend config, export KUBECONFIG, or set `inCluster: true` when running in a pod.',
    });
  }
  return kc;
}

/** Loads the KubeConfig for a backend config, honouring KUBECONFIG and in-cluster config from `env`. */
export function loadKubeConfig(config: KubernetesBackendConfig, env: Readonly<Record<string, string | undefined>>): LoadedKubeConfig {
  const homeConfig = env.HOME === undefined ? undefined : join(env.HOME, '.kube', 'config');
  const hasHomeConfig = homeConfig !== undefined && existsSync(homeConfig);
  const fromEnv = env.KUBECONFIG !== undefined && env.KUBECONFIG !== '';
  const serviceAccount = config.inCluster === true || (config.kubeconfig === undefined && !fromEnv && !hasHomeConfig && env.KUBERNETES_SERVICE_HOST !== undefined);
  if (serviceAccount) {
    const kc = inCluster(env);
    return { kubeConfig: kc, context: 'in-cluster', server: kc.getCurrentCluster()?.server ?? '', inCluster: true };
  }
  let kc: KubeConfig;
  if (config.kubeconfig !== undefined) kc = fromFiles([config.kubeconfig]);
  else if (fromEnv) kc = fromFiles((env.KUBECONFIG ?? '').split(delimiter).filter((f) => f.length > 0));
  else kc = fromFiles(homeConfig === undefined ? [] : [homeConfig]);

  if (config.context !== undefined) {
    if (kc.getContextObject(config.context) === null) {
      throw opsError('CONFIG_INVALID', `The kubeconfig has no context "${config.context}".`, {
        hint: `Use one of: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'} (kubectl config get-contexts).`,
      });
    }
    kc.setCurrentContext(config.context);
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    throw opsError('CONFIG_INVALID', `The kubeconfig context "${kc.getCurrentContext()}" names no cluster.`, {
      hint: 'Fix the context (kubectl config get-contexts) or choose another with `context:`.',
    });
  }
  return { kubeConfig: kc, context: kc.getCurrentContext(), server: cluster.server, inCluster: false };
}
