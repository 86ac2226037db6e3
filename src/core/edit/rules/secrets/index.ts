/**
 * Secrets: private keys and cloud credentials written into files, and the `.gitignore` lines that
 * keep secret files out of the repository. A credential that was already in the file is not
 * this edit's doing; placeholders and documented example keys are ignored.
 */
import type { EditRule } from '../../rule';
import { cloudCredentialAdded } from './cloud-credential-added';
import { gitignoreSecretPatternRemoved } from './gitignore-secret-pattern-removed';
import { privateKeyAdded } from './private-key-added';

export const SECRET_RULES: readonly EditRule[] = [privateKeyAdded, cloudCredentialAdded, gitignoreSecretPatternRemoved];
