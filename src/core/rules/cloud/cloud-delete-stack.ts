import { optionValue } from '../cli-options';
import type { CommandRule } from '../rule';
import { type CloudOp, matchOps, on, opTriggers } from './helpers';

// ---------------------------------------------------------------------------------------------
// Stacks and deployments

export const STACK_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'cloudformation delete-stack', severity: 'critical', what: 'deletes the CloudFormation stack and every resource it created:', name: ['stack-name'] },
  {
    tool: 'aws',
    path: 'cloudformation delete-stack-instances',
    severity: 'critical',
    what: 'deletes the stack instances of stack set',
    name: ['stack-set-name'],
    refine: (c) => (on(c, 'retain-stacks') ? null : undefined),
  },
  { tool: 'aws', path: 'cloudformation delete-stack-set', severity: 'medium', what: 'deletes the CloudFormation stack set', name: ['stack-set-name'] },
  {
    tool: 'gcloud',
    path: 'deployment-manager deployments delete',
    severity: 'critical',
    what: 'deletes the Deployment Manager deployment and every resource in it:',
    refine: (c) => (/^abandon$/i.test(optionValue(c.args, 'delete-policy') ?? '') ? null : undefined),
  },
  { tool: 'gcloud', path: 'infra-manager deployments delete', severity: 'critical', what: 'deletes the Infrastructure Manager deployment and its resources:' },
  {
    tool: 'az',
    path: 'stack group delete',
    severity: 'medium',
    what: 'deletes the deployment stack',
    refine: (c) => (/deleteAll/i.test(optionValue(c.args, 'action-on-unmanage', 'aou') ?? '') ? { severity: 'critical', note: 'and every resource it manages (deleteAll)' } : undefined),
  },
  {
    tool: 'az',
    path: 'stack sub delete',
    severity: 'medium',
    what: 'deletes the subscription deployment stack',
    refine: (c) => (/deleteAll/i.test(optionValue(c.args, 'action-on-unmanage', 'aou') ?? '') ? { severity: 'critical', note: 'and every resource it manages (deleteAll)' } : undefined),
  },
];

export const cloudDeleteStack: CommandRule = {
  id: 'CLD007',
  name: 'cloud-delete-stack',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(STACK_OPS),
  summary: 'Deletes a CloudFormation stack or another deployment that owns its resources (Deployment Manager, Azure deployment stacks).',
  rationale:
    'Deleting a stack deletes everything in it — databases, buckets, queues, roles — in one call, except resources explicitly retained; one wrong stack name takes down a whole environment.',
  alternative: 'Turn on termination protection, set DeletionPolicy: Retain on data resources, review the stack’s resources, and delete through the pipeline that owns the stack.',
  examples: {
    fire: ['aws cloudformation delete-stack --stack-name prod-network', 'aws --region us-east-1 cloudformation delete-stack --stack-name app', 'gcloud deployment-manager deployments delete my-deploy -q'],
    pass: ['aws cloudformation describe-stacks --stack-name prod-network', 'aws cloudformation deploy --stack-name app --template-file t.yml', 'gcloud deployment-manager deployments delete my-deploy --delete-policy=ABANDON'],
  },
  check: (cmd) => matchOps(cmd, STACK_OPS),
};
