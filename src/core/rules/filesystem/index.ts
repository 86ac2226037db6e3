/**
 * Deleting, overwriting and wiping files. Judged by what the targets are: the same `rm -rf` is
 * everyday work on `node_modules` and a disaster on `~`.
 */
import type { RulePack } from '../rule';
import { deleteFiles } from './delete-files';
import { findDelete } from './find-delete';
import { interpreterDelete } from './interpreter-delete';
import { moveDestroys } from './move-destroys';
import { recursiveDelete } from './recursive-delete';
import { recursivePermissions } from './recursive-permissions';
import { shredOrTruncate } from './shred-or-truncate';
import { syncDelete } from './sync-delete';
import { windowsFormatDisk } from './windows-format-disk';
import { windowsRecursiveDelete } from './windows-recursive-delete';
import { wipeDisk } from './wipe-disk';
import { volumeDestroy } from './volume-destroy';
import { diskEraseTool } from './disk-erase-tool';
import { overwriteByRedirect } from './overwrite-by-redirect';
import { extractOverSystem } from './extract-over-system';
import { unsafePermissions } from './unsafe-permissions';
import { symlinkReplacesFile } from './symlink-replaces-file';
import { copyOverwrites } from './copy-overwrites';

export const filesystemPack: RulePack = {
  name: 'filesystem',
  description: 'Deleting, overwriting and wiping files, judged by what the targets are.',
  rules: [recursiveDelete, deleteFiles, findDelete, wipeDisk, shredOrTruncate, moveDestroys, recursivePermissions, syncDelete, interpreterDelete, windowsRecursiveDelete, windowsFormatDisk, volumeDestroy, diskEraseTool, overwriteByRedirect, extractOverSystem, unsafePermissions, symlinkReplacesFile, copyOverwrites],
};
