/**
 * Source code: the safety nets inside a codebase. Tests that are skipped or deleted, and
 * authentication or authorisation guards taken off a route or handler. Each rule compares the
 * two versions as a whole, so moving a test or hoisting a guard to the router is not a removal.
 */
import type { EditRule } from '../../rule';
import { authCheckRemoved } from './auth-check-removed';
import { testsDeleted } from './tests-deleted';
import { testsSkipped } from './tests-skipped';
import { tokenVerificationDisabled } from './token-verification-disabled';
import { csrfProtectionDisabled } from './csrf-protection-disabled';
import { corsAnyOriginWithCredentials } from './cors-any-origin-with-credentials';

export const SOURCE_RULES: readonly EditRule[] = [testsSkipped, testsDeleted, authCheckRemoved, tokenVerificationDisabled, csrfProtectionDisabled, corsAnyOriginWithCredentials];
