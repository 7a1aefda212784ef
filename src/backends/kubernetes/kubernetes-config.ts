/**
 * The `kind: kubernetes` section of the opsdeck config: which kubeconfig and
 * context (or the in-cluster service account) one backend instance uses,
 * which namespaces it watches, and how namespaces or labels map to tenants.
 */
import { z } from 'zod';

/** Zod schema of one Kubernetes backend (one kubeconfig context = one cluster). */
export const kubernetesBackendConfigSchema = z
  .object({
    kind: z.literal('kubernetes'),
    id: z.string().min(1),
    cluster: z.string().min(1).optional(),
    freshnessBoundMs: z.number().int().positive().optional(),
    /** Kubeconfig file; defaults to $KUBECONFIG, then ~/.kube/config, then the in-cluster service account. */
    kubeconfig: z.string().min(1).optional(),
    /** Context in the kubeconfig; defaults to its current-context. */
    context: z.string().min(1).optional(),
    /** Use the pod's service account (KUBERNETES_SERVICE_HOST / _PORT and the mounted token). */
    inCluster: z.boolean().optional(),
    /** Namespaces to watch; all namespaces when omitted. */
    namespaces: z.array(z.string().min(1)).min(1).optional(),
    /** Tenant of a workload: the value of `label` on it, else `namespace[ns]`, else the namespace name. */
    tenantFrom: z
      .object({
        namespace: z.record(z.string(), z.string().min(1)).optional(),
        label: z.string().min(1).optional(),
      })
      .optional(),
  })
  .strict()
  .refine((c) => !(c.inCluster === true && c.kubeconfig !== undefined), {
    message: 'set either inCluster or kubeconfig, not both',
  });

/** A validated Kubernetes backend config section. */
export type KubernetesBackendConfig = z.infer<typeof kubernetesBackendConfigSchema>;
