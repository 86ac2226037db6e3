/**
 * CI pipelines (GitHub Actions, GitLab CI): the gates between a push and production. Rules look
 * at jobs by name across the edit: an apply job that loses its approval, a privileged
 * pull_request_target workflow that runs the contributor's code, tests allowed to fail or deleted.
 */
import type { EditRule } from '../../rule';
import { autoApplyApprovalRemoved } from './auto-apply-approval-removed';
import { pullRequestTargetHeadCheckout } from './pull-request-target-head-checkout';
import { testJobDeleted } from './test-job-deleted';
import { testsAllowedToFail } from './tests-allowed-to-fail';

export const CI_RULES: readonly EditRule[] = [autoApplyApprovalRemoved, pullRequestTargetHeadCheckout, testsAllowedToFail, testJobDeleted];
