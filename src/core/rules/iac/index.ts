/**
 * Infrastructure as code: Terraform, OpenTofu, Terragrunt, Pulumi, the AWS CDK (and CDK for
 * Terraform), the Serverless Framework and AWS SAM. Destroying a stack deletes real resources
 * and the data inside them; applying without review runs whatever the plan happens to contain.
 * Read-only work (plan, init, validate, fmt, show, output, state list) stays silent.
 * CloudFormation through the `aws` CLI belongs to the cloud pack.
 */
import type { RulePack } from '../rule';
import { cdkDeployUnreviewed } from './cdk-deploy-unreviewed';
import { cdkDestroy } from './cdk-destroy';
import { pulumiDestroy } from './pulumi-destroy';
import { pulumiStackRemove } from './pulumi-stack-remove';
import { pulumiUpUnreviewed } from './pulumi-up-unreviewed';
import { serverlessStackRemove } from './serverless-stack-remove';
import { terraformApplyUnreviewed } from './terraform-apply-unreviewed';
import { terraformDestroy } from './terraform-destroy';
import { terraformForceUnlock } from './terraform-force-unlock';
import { terraformStateSurgery } from './terraform-state-surgery';
import { terraformTaint } from './terraform-taint';
import { terraformWorkspaceDelete } from './terraform-workspace-delete';

export const iacPack: RulePack = {
  name: 'iac',
  description: 'Terraform, OpenTofu, Terragrunt, Pulumi, CDK, Serverless and SAM: destroyed stacks, unreviewed applies and state surgery.',
  rules: [terraformDestroy, terraformApplyUnreviewed, terraformStateSurgery, terraformWorkspaceDelete, terraformForceUnlock, terraformTaint, pulumiDestroy, pulumiUpUnreviewed, pulumiStackRemove, cdkDestroy, cdkDeployUnreviewed, serverlessStackRemove],
};
