/**
 * The factory the composition root calls for each `kind: kubernetes` config
 * section: loads the kubeconfig (KUBECONFIG / file / in-cluster) and context,
 * and builds the backend for that cluster.
 */
import type { Backend, BackendDeps } from '../../core/backend/index.js';
import { KubernetesBackend, type KubernetesBackendTuning } from './kubernetes-backend.js';
import type { KubernetesBackendConfig } from './kubernetes-config.js';
import { loadKubeConfig } from './load-kube-config.js';

/** Builds a Kubernetes backend; throws CONFIG_* OpsdeckErrors when the kubeconfig or context cannot be used. */
export function createKubernetesBackend(config: KubernetesBackendConfig, deps: BackendDeps, tuning?: KubernetesBackendTuning): Backend {
  return createKubernetesBackendInstance(config, deps, tuning);
}

/** Same as createKubernetesBackend, typed as the concrete class (its capabilities visible without guards). */
export function createKubernetesBackendInstance(config: KubernetesBackendConfig, deps: BackendDeps, tuning?: KubernetesBackendTuning): KubernetesBackend {
  const loaded = loadKubeConfig(config, deps.env);
  return new KubernetesBackend({ config, kubeConfig: loaded.kubeConfig, context: loaded.context, server: loaded.server, inCluster: loaded.inCluster, deps, ...(tuning === undefined ? {} : { tuning }) });
}
