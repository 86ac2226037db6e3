import type { SimpleCommand } from '../../shell/model';
import { optionValue, optionValues, shown, switchValue } from '../cli-options';
import { gsutilCall } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { bucketOf, type CloudOp, matchOps, opTriggers, withProd, words } from './helpers';

// ---------------------------------------------------------------------------------------------
// Protection switches

function jsonFalse(v: string | undefined, key: string): boolean {
  if (v === undefined) return false;
  return new RegExp(`${key}["']?\\s*[=:]\\s*["']?false`, 'i').test(v.slice(0, 4096));
}

export const PROTECTION_OPS: readonly CloudOp[] = [
  ...(['rds', 'docdb', 'neptune'] as const).flatMap((svc): CloudOp[] => [
    {
      tool: 'aws',
      path: `${svc} modify-db-instance`,
      severity: 'high',
      what: 'changes the database instance',
      name: ['db-instance-identifier'],
      refine: (c) =>
        switchValue(c.args, 'deletion-protection') === false
          ? { note: 'to turn deletion protection off', words: words(c, 'no-deletion-protection') }
          : optionValue(c.args, 'backup-retention-period') === '0'
            ? { note: 'to turn automated backups off (and delete the existing ones)', words: words(c, 'backup-retention-period') }
            : null,
    },
    {
      tool: 'aws',
      path: `${svc} modify-db-cluster`,
      severity: 'high',
      what: 'changes the database cluster',
      name: ['db-cluster-identifier'],
      refine: (c) => (switchValue(c.args, 'deletion-protection') === false ? { note: 'to turn deletion protection off', words: words(c, 'no-deletion-protection') } : null),
    },
  ]),
  {
    tool: 'aws',
    path: 'ec2 modify-instance-attribute',
    severity: 'high',
    what: 'turns termination protection off for instance',
    name: ['instance-id'],
    refine: (c) => {
      if (switchValue(c.args, 'disable-api-termination') === false && c.args.options.has('no-disable-api-termination')) return { words: words(c, 'no-disable-api-termination') };
      if (jsonFalse(optionValue(c.args, 'disable-api-termination'), 'value')) return { words: words(c, 'disable-api-termination') };
      if (/^disableApiTermination$/i.test(optionValue(c.args, 'attribute') ?? '') && /^false$/i.test(optionValue(c.args, 'value') ?? '')) return {};
      return null;
    },
  },
  {
    tool: 'aws',
    path: 'cloudformation update-termination-protection',
    severity: 'high',
    what: 'turns termination protection off for stack',
    name: ['stack-name'],
    refine: (c) => (switchValue(c.args, 'enable-termination-protection') === false ? { words: words(c, 'no-enable-termination-protection') } : null),
  },
  {
    tool: 'aws',
    path: 's3api put-bucket-versioning',
    severity: 'high',
    what: 'suspends versioning on bucket',
    name: ['bucket'],
    refine: (c) => (/suspended/i.test(optionValue(c.args, 'versioning-configuration') ?? '') ? { note: '(overwritten and deleted objects stop being recoverable)' } : null),
  },
  {
    tool: 'aws',
    path: 'dynamodb update-table',
    severity: 'high',
    what: 'turns deletion protection off for DynamoDB table',
    name: ['table-name'],
    refine: (c) => (switchValue(c.args, 'deletion-protection-enabled') === false ? {} : null),
  },
  {
    tool: 'aws',
    path: 'dynamodb update-continuous-backups',
    severity: 'high',
    what: 'turns point-in-time recovery off for DynamoDB table',
    name: ['table-name'],
    refine: (c) => (jsonFalse(optionValue(c.args, 'point-in-time-recovery-specification'), 'PointInTimeRecoveryEnabled') ? {} : null),
  },
  {
    tool: 'aws',
    path: 'elbv2 modify-load-balancer-attributes',
    severity: 'medium',
    what: 'turns deletion protection off for load balancer',
    name: ['load-balancer-arn'],
    refine: (c) => (/deletion_protection\.enabled\s*,\s*Value=false|"deletion_protection\.enabled"\s*,\s*"Value"\s*:\s*"false"/i.test(optionValues(c.args, 'attributes').join(' ').slice(0, 4096)) ? {} : null),
  },
  { tool: 'aws', path: 'cloudtrail stop-logging', severity: 'high', what: 'stops CloudTrail audit logging for trail', name: ['name'] },
  { tool: 'aws', path: 'cloudtrail delete-trail', severity: 'high', what: 'deletes the CloudTrail audit trail', name: ['name'] },
  { tool: 'aws', path: 'guardduty delete-detector', severity: 'high', what: 'deletes the GuardDuty detector (threat detection stops):', name: ['detector-id'] },
  { tool: 'aws', path: 'config stop-configuration-recorder', severity: 'medium', what: 'stops the AWS Config recorder', name: ['configuration-recorder-name'] },
  {
    tool: 'gcloud',
    path: 'sql instances patch',
    severity: 'high',
    what: 'changes the Cloud SQL instance',
    refine: (c) =>
      switchValue(c.args, 'deletion-protection') === false
        ? { note: 'to turn deletion protection off' }
        : c.args.options.has('no-backup')
          ? { note: 'to turn automated backups off' }
          : null,
  },
  {
    tool: 'gcloud',
    path: 'compute instances update',
    severity: 'high',
    what: 'turns deletion protection off for VM',
    refine: (c) => (switchValue(c.args, 'deletion-protection') === false ? {} : null),
  },
  {
    tool: 'gcloud',
    path: 'storage buckets update',
    severity: 'high',
    what: 'changes the bucket',
    refine: (c) =>
      switchValue(c.args, 'versioning') === false
        ? { note: 'to turn object versioning off' }
        : c.args.options.has('clear-soft-delete')
          ? { note: 'to turn soft delete off' }
          : null,
  },
  { tool: 'az', path: 'lock delete', severity: 'high', what: 'removes the resource lock that prevents deletion:' },
  {
    tool: 'az',
    path: 'storage account blob-service-properties update',
    severity: 'high',
    what: 'changes blob protection of storage account',
    name: ['account-name', 'n'],
    refine: (c) => {
      const off = ['enable-delete-retention', 'enable-versioning', 'enable-container-delete-retention', 'enable-restore-policy'].filter((k) => /^false$/i.test(optionValue(c.args, k) ?? ''));
      return off.length ? { note: `to turn off ${off.map((k) => k.replace(/^enable-/, '')).join(', ')}` } : null;
    },
  },
];

function gsutilVersioningOff(cmd: SimpleCommand): RuleMatch | undefined {
  const g = gsutilCall(cmd);
  if (g.sub?.value !== 'versioning') return undefined;
  const [set, state, ...buckets] = g.args.positionals;
  if (set?.value !== 'set' || state?.value !== 'off') return undefined;
  return withProd(
    cmd,
    { severity: 'high', message: `turns object versioning off for ${buckets.map((b) => shown(b.value)).join(', ')} (overwritten and deleted objects stop being recoverable).`, span: spanFromProgram(cmd, [g.sub, set, state, ...buckets]) },
    buckets.map((b) => bucketOf(b.value)),
  );
}

export const cloudDisableProtection: CommandRule = {
  id: 'CLD010',
  name: 'cloud-disable-protection',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(PROTECTION_OPS, [{ programs: ['gsutil'], subcommands: ['versioning'] }]),
  summary: 'Turns off a cloud safety switch: deletion or termination protection, versioning, backups, point-in-time recovery, audit logging, resource locks.',
  rationale:
    'Protection flags exist so that a later mistaken delete fails; switching one off is the first half of the deletion, and turning off versioning, backups or audit trails removes the ability to recover or to find out what happened.',
  alternative: 'Leave protection on; if a resource really must go, have a human turn protection off and delete it in one reviewed change.',
  examples: {
    fire: [
      'aws rds modify-db-instance --db-instance-identifier prod-db --no-deletion-protection --apply-immediately',
      'aws ec2 modify-instance-attribute --instance-id i-0abc --no-disable-api-termination',
      'aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name app',
      'aws s3api put-bucket-versioning --bucket data --versioning-configuration Status=Suspended',
      'gcloud sql instances patch prod-sql --no-deletion-protection',
    ],
    pass: [
      'aws rds modify-db-instance --db-instance-identifier prod-db --deletion-protection',
      'aws s3api put-bucket-versioning --bucket data --versioning-configuration Status=Enabled',
      'aws rds modify-db-instance --db-instance-identifier db --db-instance-class db.r6g.large',
      'gcloud sql instances patch prod-sql --deletion-protection',
    ],
  },
  check(cmd) {
    if (cmd.program === 'gsutil') return gsutilVersioningOff(cmd);
    return matchOps(cmd, PROTECTION_OPS);
  },
};
