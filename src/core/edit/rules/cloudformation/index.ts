/**
 * CloudFormation and SAM templates (YAML or JSON): resources by logical ID, their deletion and
 * replacement policies and protection switches, compared across the edit. CloudFormation
 * deletes a resource whose logical ID leaves the template, unless its DeletionPolicy keeps it.
 */
import type { EditRule } from '../../rule';
import { backupsDisabled } from './backups-disabled';
import { deletionPolicyToDelete } from './deletion-policy-to-delete';
import { logicalIdRenamed } from './logical-id-renamed';
import { protectionOff } from './protection-off';
import { statefulResourceRemoved } from './stateful-resource-removed';

export const CLOUDFORMATION_RULES: readonly EditRule[] = [deletionPolicyToDelete, statefulResourceRemoved, logicalIdRenamed, protectionOff, backupsDisabled];
