/**
 * IAM in files: AWS policy documents (JSON, YAML, CloudFormation, Terraform `jsonencode`,
 * heredocs and `aws_iam_policy_document`), managed admin policies, GCP and Azure role bindings,
 * and Kubernetes RBAC. A grant counts only when the after text has it and the before text did
 * not, so narrowing a policy (or leaving an old broad one alone) is never flagged.
 */
import type { EditRule } from '../../rule';
import { adminRoleGranted } from './admin-role-granted';
import { notActionAllow } from './not-action-allow';
import { publicPrincipal } from './public-principal';
import { rbacWildcard } from './rbac-wildcard';
import { wildcardAction } from './wildcard-action';
import { writeOnEveryResource } from './write-on-every-resource';

export const IAM_RULES: readonly EditRule[] = [wildcardAction, notActionAllow, publicPrincipal, writeOnEveryResource, adminRoleGranted, rbacWildcard];
