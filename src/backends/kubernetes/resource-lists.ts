/**
 * The list call and watch path of each watched resource, through the real
 * client's generated API, following `continue` tokens page by page.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { WatchedResource } from './cluster-model.js';

/** Page size of every list (the apiserver's default chunk is 500). */
export const LIST_PAGE_SIZE = 500;

/** The field selector used for a resource's list and watch (events: warnings only). */
export function fieldSelectorOf(resource: WatchedResource): string | undefined {
  return resource === 'events' ? 'type=Warning' : undefined;
}

/** The watch path of a resource, cluster-wide or in one namespace. */
export function watchPath(resource: WatchedResource, namespace: string | undefined): string {
  const base = resource === 'pods' || resource === 'events' ? '/api/v1' : '/apis/apps/v1';
  return namespace === undefined ? `${base}/${resource}` : `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}

type Page = KubernetesListObject<KubernetesObject>;
type PageQuery = { limit: number; _continue?: string; fieldSelector?: string };

/** Builds a function listing every object of a resource (all pages), as the informer's listFn. */
export function makeLister(kubeConfig: KubeConfig, resource: WatchedResource, namespace: string | undefined, pageSize = LIST_PAGE_SIZE): () => Promise<Page> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const fieldSelector = fieldSelectorOf(resource);
  const page = (query: PageQuery): Promise<Page> => {
    const ns = namespace;
    switch (resource) {
      case 'deployments':
        return (ns === undefined ? apps.listDeploymentForAllNamespaces(query) : apps.listNamespacedDeployment({ ...query, namespace: ns })) as Promise<Page>;
      case 'statefulsets':
        return (ns === undefined ? apps.listStatefulSetForAllNamespaces(query) : apps.listNamespacedStatefulSet({ ...query, namespace: ns })) as Promise<Page>;
      case 'daemonsets':
        return (ns === undefined ? apps.listDaemonSetForAllNamespaces(query) : apps.listNamespacedDaemonSet({ ...query, namespace: ns })) as Promise<Page>;
      case 'replicasets':
        return (ns === undefined ? apps.listReplicaSetForAllNamespaces(query) : apps.listNamespacedReplicaSet({ ...query, namespace: ns })) as Promise<Page>;
      case 'pods':
        return (ns === undefined ? core.listPodForAllNamespaces(query) : core.listNamespacedPod({ ...query, namespace: ns })) as Promise<Page>;
      case 'events':
        return (ns === undefined ? core.listEventForAllNamespaces(query) : core.listNamespacedEvent({ ...query, namespace: ns })) as Promise<Page>;
    }
  };
  return async () => {
    const items: KubernetesObject[] = [];
    let next: string | undefined;
    let last: Page;
    do {
      last = await page({ limit: pageSize, ...(next === undefined ? {} : { _continue: next }), ...(fieldSelector === undefined ? {} : { fieldSelector }) });
      items.push(...last.items);
      next = last.metadata?._continue ?? undefined;
    } while (next !== undefined && next !== '');
    return { ...last, items };
  };
}
