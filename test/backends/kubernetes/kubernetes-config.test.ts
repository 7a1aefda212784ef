/**
 * Backend config and kubeconfig discovery: the zod schema, an explicit file,
 * KUBECONFIG with several files, and the in-cluster service account from
 * the environment the backend is given.
 */
import { describe, expect, it } from 'vitest';
import { kubernetesBackendConfigSchema } from '../../../src/backends/kubernetes/kubernetes-config.js';
import { loadKubeConfig } from '../../../src/backends/kubernetes/load-kube-config.js';
import { isOpsdeckError } from '../../../src/core/errors.js';
import { writeKubeconfig } from './apiserver/fixtures.js';

describe('kubernetes backend config', () => {
  it('accepts a full section and rejects unknown keys', () => {
    const parsed = kubernetesBackendConfigSchema.parse({ kind: 'kubernetes', id: 'prod', context: 'prod-east', namespaces: ['shop'], tenantFrom: { label: 'team', namespace: { shop: 'retail' } } });
    expect(parsed.namespaces).toEqual(['shop']);
    expect(kubernetesBackendConfigSchema.safeParse({ kind: 'kubernetes', id: 'prod', token: 'x' }).success).toBe(false);
    expect(kubernetesBackendConfigSchema.safeParse({ kind: 'kubernetes', id: 'prod', inCluster: true, kubeconfig: '/x' }).success).toBe(false);
  });

  it('merges the files of KUBECONFIG, the first file winning the current context', () => {
    const first = writeKubeconfig([{ name: 'one', server: 'http://127.0.0.1:1001', token: 'tok-one-0123456789' }]);
    const second = writeKubeconfig([{ name: 'two', server: 'http://127.0.0.1:1002', token: 'tok-two-0123456789' }]);
    const loaded = loadKubeConfig({ kind: 'kubernetes', id: 'k' }, { KUBECONFIG: `${first}:${second}` });
    expect(loaded.context).toBe('one');
    expect(loaded.kubeConfig.getContexts().map((c) => c.name).sort()).toEqual(['one', 'two']);
    const other = loadKubeConfig({ kind: 'kubernetes', id: 'k', context: 'two' }, { KUBECONFIG: `${first}:${second}` });
    expect(other.server).toBe('http://127.0.0.1:1002');
  });

  it('builds the in-cluster config from KUBERNETES_SERVICE_HOST / _PORT, and refuses inCluster outside a pod', () => {
    const loaded = loadKubeConfig({ kind: 'kubernetes', id: 'k', inCluster: true }, { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    expect(loaded).toMatchObject({ server: 'https://10.96.0.1:443', context: 'in-cluster', inCluster: true });
    // Without inCluster and without any kubeconfig, the service account is the fallback (as kubectl's client-go does).
    expect(loadKubeConfig({ kind: 'kubernetes', id: 'k' }, { HOME: '/nonexistent-home', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }).inCluster).toBe(true);
    let error: unknown;
    try {
      loadKubeConfig({ kind: 'kubernetes', id: 'k', inCluster: true }, {});
    } catch (e) {
      error = e;
    }
    expect(isOpsdeckError(error) && error.code).toBe('CONFIG_INVALID');
  });

  it('says where it looked when no kubeconfig exists', () => {
    let error: unknown;
    try {
      loadKubeConfig({ kind: 'kubernetes', id: 'k' }, { HOME: '/nonexistent-home' });
    } catch (e) {
      error = e;
    }
    expect(isOpsdeckError(error) && error.code).toBe('CONFIG_NOT_FOUND');
    expect(isOpsdeckError(error) && error.hint).toContain('KUBECONFIG');
  });
});
