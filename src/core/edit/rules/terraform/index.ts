/**
 * Terraform / OpenTofu: what the next `apply` would destroy because of this edit. Every rule
 * compares the two versions of a resource; a file that never had a protection is not this
 * edit's fault. `moved` blocks and `removed { lifecycle { destroy = false } }` are the safe
 * patterns and silence the removal rules.
 */
import type { EditRule } from '../../rule';
import { backupsDisabled } from './backups-disabled';
import { countOrForEachShrinks } from './count-or-for-each-shrinks';
import { deletionProtectionOff } from './deletion-protection-off';
import { forceDestroyOn } from './force-destroy-on';
import { forceNewAttributeChanged } from './force-new-attribute-changed';
import { moduleRemoved } from './module-removed';
import { preventDestroyRemoved } from './prevent-destroy-removed';
import { renamedWithoutMoved } from './renamed-without-moved';
import { skipFinalSnapshotOn } from './skip-final-snapshot-on';
import { stateFileDestroyed } from './state-file-destroyed';
import { statefulResourceRemoved } from './stateful-resource-removed';
import { instanceKeysChanged } from './instance-keys-changed';
import { countIndexShift } from './count-index-shift';
import { movedAcrossModuleBoundary } from './moved-across-module-boundary';
import { capacityToZero } from './capacity-to-zero';

export const TERRAFORM_RULES: readonly EditRule[] = [
  preventDestroyRemoved,
  deletionProtectionOff,
  forceDestroyOn,
  skipFinalSnapshotOn,
  backupsDisabled,
  statefulResourceRemoved,
  renamedWithoutMoved,
  forceNewAttributeChanged,
  countOrForEachShrinks,
  stateFileDestroyed,
  moduleRemoved,
  instanceKeysChanged,
  countIndexShift,
  movedAcrossModuleBoundary,
  capacityToZero,
];
