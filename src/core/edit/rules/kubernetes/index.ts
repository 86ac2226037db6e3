/**
 * Kubernetes manifests, Kustomize, Helm values and Argo CD applications. Objects are matched
 * across the edit by kind, namespace and name; Helm values (which have no kind) by key path.
 */
import type { EditRule } from '../../rule';
import { argoApplicationCascadeDelete } from './argo-application-cascade-delete';
import { namespaceRemoved } from './namespace-removed';
import { privilegedHostRoot } from './privileged-host-root';
import { reclaimPolicyDelete } from './reclaim-policy-delete';
import { replicasToZero } from './replicas-to-zero';
import { storageClassChanged } from './storage-class-changed';
import { volumeClaimRemoved } from './volume-claim-removed';
import { kustomizeEntryRemoved } from './kustomize-entry-removed';
import { applicationsetElementRemoved } from './applicationset-element-removed';
import { syncedSourceChanged } from './synced-source-changed';
import { prunedObjectRemoved } from './pruned-object-removed';
import { helmfileReleaseUninstalled } from './helmfile-release-uninstalled';
import { helmDependencyRemoved } from './helm-dependency-removed';

export const KUBERNETES_RULES: readonly EditRule[] = [reclaimPolicyDelete, storageClassChanged, namespaceRemoved, argoApplicationCascadeDelete, replicasToZero, privilegedHostRoot, volumeClaimRemoved, kustomizeEntryRemoved, applicationsetElementRemoved, syncedSourceChanged, prunedObjectRemoved, helmfileReleaseUninstalled, helmDependencyRemoved];
