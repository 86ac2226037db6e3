/**
 * Kubernetes and Helm: deletes that take data or whole namespaces with them, prunes, drains,
 * scale-to-zero and forced replacements. Read-only verbs (get, describe, logs, top, diff,
 * explain) and dry runs stay silent; a namespace, context or cluster that reads like
 * production raises the stakes.
 */
import type { RulePack } from '../rule';
import { helmRollback } from './helm-rollback';
import { helmUninstall } from './helm-uninstall';
import { helmUpgradeForce } from './helm-upgrade-force';
import { kubectlApplyPrune } from './kubectl-apply-prune';
import { kubectlCordon } from './kubectl-cordon';
import { kubectlDelete } from './kubectl-delete';
import { kubectlDeleteAll } from './kubectl-delete-all';
import { kubectlDeleteCrd } from './kubectl-delete-crd';
import { kubectlDeleteNamespace } from './kubectl-delete-namespace';
import { kubectlDeleteVolume } from './kubectl-delete-volume';
import { kubectlDrain } from './kubectl-drain';
import { kubectlForceReplace } from './kubectl-force-replace';
import { kubectlScaleToZero } from './kubectl-scale-to-zero';
import { gitopsDelete } from './gitops-delete';
import { veleroBackupDelete } from './velero-backup-delete';
import { finalizersRemoved } from './finalizers-removed';

export const kubernetesPack: RulePack = {
  name: 'kubernetes',
  description: 'kubectl and Helm: deleted namespaces, CRDs and volumes, bulk deletes, prunes, drains, scale-to-zero and forced replacements.',
  rules: [kubectlDeleteNamespace, kubectlDeleteCrd, kubectlDeleteVolume, kubectlDeleteAll, kubectlDelete, kubectlApplyPrune, kubectlDrain, kubectlScaleToZero, kubectlForceReplace, kubectlCordon, helmUninstall, helmRollback, helmUpgradeForce, gitopsDelete, veleroBackupDelete, finalizersRemoved],
};
