/**
 * Edit-level rules that do not depend on the file's language: files emptied or deleted, mass
 * deletion across a step, and the honest "could not analyse this" findings (too large, binary,
 * unparseable, diff capped).
 */
import type { EditRule } from '../../rule';
import { binaryFileChanged } from './binary-file-changed';
import { diffCapped } from './diff-capped';
import { fileDeleted } from './file-deleted';
import { fileEmptied } from './file-emptied';
import { massDeletion } from './mass-deletion';
import { tooLargeToAnalyse } from './too-large-to-analyse';
import { unparseableAfterEdit } from './unparseable-after-edit';

export const GENERIC_RULES: readonly EditRule[] = [fileEmptied, fileDeleted, massDeletion, tooLargeToAnalyse, binaryFileChanged, unparseableAfterEdit, diffCapped];
