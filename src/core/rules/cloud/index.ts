/**
 * Cloud resources deleted from the command line: databases, buckets, volumes, clusters, stacks,
 * whole projects, keys and secrets, and the switches that protect them. Data-bearing resources
 * weigh more than stateless compute; a name, profile or project that looks like production
 * raises the severity one step.
 */
import type { RulePack } from '../rule';
import { cloudDeleteCluster } from './cloud-delete-cluster';
import { cloudDeleteCompute } from './cloud-delete-compute';
import { cloudDeleteDatabase } from './cloud-delete-database';
import { cloudDeleteKeyOrSecret } from './cloud-delete-key-or-secret';
import { cloudDeleteProjectOrAccount } from './cloud-delete-project-or-account';
import { cloudDeleteStack } from './cloud-delete-stack';
import { cloudDeleteStorage } from './cloud-delete-storage';
import { cloudDeleteVolumeOrBackup } from './cloud-delete-volume-or-backup';
import { cloudDisableProtection } from './cloud-disable-protection';
import { cloudSyncDelete } from './cloud-sync-delete';
import { hostedAppDelete } from './hosted-app-delete';
import { cloudDeleteByVerb } from './cloud-delete-by-verb';
import { cloudScaleToZero } from './cloud-scale-to-zero';

export const cloudPack: RulePack = {
  name: 'cloud',
  description: 'Deleting cloud databases, storage, volumes, clusters, stacks, projects, keys and secrets, hosted apps and sites, and turning off the protection that guards them.',
  rules: [cloudDeleteDatabase, cloudDeleteStorage, cloudSyncDelete, cloudDeleteVolumeOrBackup, cloudDeleteCluster, cloudDeleteCompute, cloudDeleteStack, cloudDeleteProjectOrAccount, cloudDeleteKeyOrSecret, cloudDisableProtection, hostedAppDelete, cloudDeleteByVerb, cloudScaleToZero],
};
