import { kindName, repeatsKind } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { optionValue, optionValues, optionWords, productionContext, shown } from '../cli-options';
import { awsCall, gcloudCall, matchPath } from '../cloud-cli';
import { readPolicyDocument, strongest } from '../policy-document';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { policyArg, prodOf, where } from './helpers';

// ---------------------------------------------------------------------------------------------
// IAM003: resources opened to everyone

const RESOURCE_POLICY_OPS: readonly { path: string[]; what: string; nameOpt: string; docOpt: string }[] = [
  { path: ['iam', 'update-assume-role-policy'], what: 'lets anyone assume role', nameOpt: 'role-name', docOpt: 'policy-document' },
  { path: ['iam', 'create-role'], what: 'creates role', nameOpt: 'role-name', docOpt: 'assume-role-policy-document' },
  { path: ['s3api', 'put-bucket-policy'], what: 'sets the policy of bucket', nameOpt: 'bucket', docOpt: 'policy' },
  { path: ['kms', 'put-key-policy'], what: 'sets the policy of KMS key', nameOpt: 'key-id', docOpt: 'policy' },
  { path: ['secretsmanager', 'put-resource-policy'], what: 'sets the policy of secret', nameOpt: 'secret-id', docOpt: 'resource-policy' },
  { path: ['ecr', 'set-repository-policy'], what: 'sets the policy of repository', nameOpt: 'repository-name', docOpt: 'policy-text' },
  { path: ['sns', 'set-topic-attributes'], what: 'sets the policy of topic', nameOpt: 'topic-arn', docOpt: 'attribute-value' },
  { path: ['glacier', 'set-vault-access-policy'], what: 'sets the policy of vault', nameOpt: 'vault-name', docOpt: 'policy' },
];

/** Ports that should never face the whole internet. */
const SENSITIVE_PORTS: Readonly<Record<string, string>> = {
  '22': 'SSH',
  '3389': 'RDP',
  '3306': 'MySQL',
  '5432': 'PostgreSQL',
  '6379': 'Redis',
  '27017': 'MongoDB',
  '9200': 'Elasticsearch',
  '1433': 'SQL Server',
  '11211': 'Memcached',
  '2375': 'the Docker API',
  '5984': 'CouchDB',
  '9042': 'Cassandra',
};

function openPorts(ports: string[]): string[] {
  const out: string[] = [];
  for (const p of ports) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    if (hi - lo >= 1000) {
      out.push(`ports ${lo}-${hi}`);
      continue;
    }
    for (const [port, name] of Object.entries(SENSITIVE_PORTS)) if (Number(port) >= lo && Number(port) <= hi) out.push(`${name} (${port})`);
  }
  return out;
}

function awsPublic(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'aws') return undefined;
  const c = awsCall(cmd);
  if (c.inert) return undefined;
  const head = c.positionals.slice(0, 2);
  for (const op of RESOURCE_POLICY_OPS) {
    if (matchPath(c, op.path) === -1) continue;
    const doc = policyArg(c, op.docOpt);
    if (!doc) return undefined;
    const reading = readPolicyDocument(doc.value, doc.dynamic, { actions: false, principals: true });
    if (reading.kind !== 'read') return undefined;
    const grant = strongest(reading.grants);
    if (!grant) return undefined;
    const name = shown(optionValue(c.args, op.nameOpt));
    return {
      severity: grant.severity,
      message: `${kindName(op.what, name)} with a policy that grants ${grant.what}${where(c)}.`,
      span: spanFromProgram(cmd, [...head, ...doc.words]),
      context: productionContext(prodOf(c, name)),
    };
  }
  if (matchPath(c, ['s3api', 'put-bucket-acl']) !== -1 || matchPath(c, ['s3api', 'put-object-acl']) !== -1) {
    const acl = optionValue(c.args, 'acl') ?? '';
    const grants = optionValues(c.args, 'grant-read', 'grant-write', 'grant-full-control', 'grant-read-acp', 'grant-write-acp').join(' ');
    const allUsers = /acs\.amazonaws\.com\/groups\/global\/AllUsers/i.test(grants);
    if (!/^public-read(-write)?$/.test(acl) && !allUsers) return undefined;
    const object = c.positionals[1].value === 'put-object-acl';
    const severity: Severity = acl === 'public-read-write' ? 'critical' : object ? 'medium' : 'high';
    const bucket = shown(optionValue(c.args, 'bucket'));
    return {
      severity,
      message: `makes ${object ? `${kindName('object', shown(optionValue(c.args, 'key')))} in bucket` : 'bucket'}${repeatsKind('bucket', bucket) ? ' named' : ''} ${bucket} ${acl === 'public-read-write' ? 'readable and writable' : 'readable'} by anyone on the internet.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'acl')]),
    };
  }
  if (matchPath(c, ['s3api', 'delete-public-access-block']) !== -1) {
    return { severity: 'high', message: `removes the public access block of ${kindName('bucket', shown(optionValue(c.args, 'bucket')))}, so a public policy or ACL takes effect.`, span: spanFromProgram(cmd, head) };
  }
  if (matchPath(c, ['s3control', 'delete-public-access-block']) !== -1) {
    return { severity: 'critical', message: `removes the account-wide S3 public access block of ${kindName('account', shown(optionValue(c.args, 'account-id')))}.`, span: spanFromProgram(cmd, head) };
  }
  if (matchPath(c, ['s3api', 'put-public-access-block']) !== -1 || matchPath(c, ['s3control', 'put-public-access-block']) !== -1) {
    const conf = optionValue(c.args, 'public-access-block-configuration') ?? '';
    if (!/(Block|Restrict|Ignore)Public\w*["']?\s*[=:]\s*false/i.test(conf.slice(0, 4096))) return undefined;
    const account = c.positionals[0].value === 's3control';
    return {
      severity: account ? 'critical' : 'high',
      message: `turns off S3 public access blocking for ${account ? `the ${kindName('whole account', shown(optionValue(c.args, 'account-id')))}` : `${kindName('bucket', shown(optionValue(c.args, 'bucket')))}`}.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'public-access-block-configuration')]),
    };
  }
  if (matchPath(c, ['lambda', 'add-permission']) !== -1) {
    if (optionValue(c.args, 'principal') !== '*') return undefined;
    const narrowed = c.args.options.has('source-arn') || c.args.options.has('source-account') || c.args.options.has('principal-org-id');
    return {
      severity: narrowed ? 'medium' : 'high',
      message: `lets any AWS principal invoke Lambda ${kindName('function', shown(optionValue(c.args, 'function-name')))}${narrowed ? ' (narrowed by a source condition)' : ''}.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'principal')]),
    };
  }
  if (matchPath(c, ['ec2', 'authorize-security-group-ingress']) !== -1) {
    const perms = optionValues(c.args, 'ip-permissions').join(' ');
    const cidrs = [...optionValues(c.args, 'cidr'), ...(perms.match(/0\.0\.0\.0\/0|::\/0/g) ?? [])];
    if (!cidrs.some((x) => x === '0.0.0.0/0' || x === '::/0')) return undefined;
    const protocol = optionValue(c.args, 'protocol') ?? (/IpProtocol=(-1|all)|"IpProtocol"\s*:\s*"-1"/i.test(perms) ? '-1' : '');
    const ports = [...optionValues(c.args, 'port'), ...[...perms.matchAll(/FromPort=(\d+),\s*ToPort=(\d+)/gi)].slice(0, 20).map((m) => `${m[1]}-${m[2]}`)];
    const exposed = protocol === '-1' || protocol === 'all' ? ['every port'] : openPorts(ports);
    if (!exposed.length) return undefined;
    return {
      severity: 'high',
      message: `opens ${exposed.join(', ')} of security ${kindName('group', shown(optionValue(c.args, 'group-id', 'group-name')))} to the whole internet.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'cidr', 'port', 'ip-permissions')]),
    };
  }
  return undefined;
}

function gcloudFirewall(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'gcloud') return undefined;
  const c = gcloudCall(cmd);
  const at = Math.max(matchPath(c, ['compute', 'firewall-rules', 'create']), matchPath(c, ['compute', 'firewall-rules', 'update']));
  if (at === -1 || c.inert) return undefined;
  const ranges = optionValues(c.args, 'source-ranges').join(',');
  if (!/(^|,)\s*(0\.0\.0\.0\/0|::\/0)/.test(ranges)) return undefined;
  const allow = optionValues(c.args, 'allow', 'rules').join(',');
  const ports: string[] = [];
  let everything = false;
  for (const part of allow.split(',').slice(0, 50)) {
    const m = /^\s*(tcp|udp|all|icmp)(?::([\d-]+))?\s*$/i.exec(part);
    if (!m) continue;
    if (/^all$/i.test(m[1]) || (/^(tcp|udp)$/i.test(m[1]) && !m[2])) everything = true;
    else if (m[2]) ports.push(m[2]);
  }
  const exposed = everything ? ['every port'] : openPorts(ports);
  if (!exposed.length) return undefined;
  return {
    severity: 'high',
    message: `opens ${exposed.join(', ')} to the whole internet with firewall ${kindName('rule', shown(c.positionals[at]?.value))}${where(c)}.`,
    span: spanFromProgram(cmd, [...c.positionals.slice(0, at + 1), ...optionWords(c.args, 'source-ranges', 'allow', 'rules')]),
  };
}

export const publicResourceAccess: CommandRule = {
  id: 'IAM003',
  name: 'public-resource-access',
  category: 'iam',
  severity: 'critical',
  triggers: [
    {
      programs: ['aws'],
      subcommands: [
        ...RESOURCE_POLICY_OPS.map((o) => o.path[1]),
        'put-bucket-acl',
        'put-object-acl',
        'delete-public-access-block',
        'put-public-access-block',
        'add-permission',
        'authorize-security-group-ingress',
      ],
    },
    { programs: ['gcloud'], subcommands: ['firewall-rules'] },
  ],
  summary: 'Opens an AWS resource to anyone: "Principal": "*" in a trust or resource policy, public ACLs, removed public-access blocks, Lambda permissions for "*", databases and SSH open to 0.0.0.0/0.',
  rationale:
    'A role anyone can assume or a bucket anyone can read is a breach waiting for a scanner to find it, and removing a public-access block is the step that lets an old public policy take effect.',
  alternative: 'Name the accounts, roles or organisations that need access (aws:PrincipalOrgID), use presigned URLs or CloudFront for public content, and reach admin ports through a VPN or Session Manager.',
  examples: {
    fire: [
      'aws iam update-assume-role-policy --role-name deploy --policy-document \'{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}\'',
      'aws s3api put-bucket-policy --bucket data --policy \'{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}\'',
      'aws s3api put-bucket-acl --bucket data --acl public-read',
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0',
      'gcloud compute firewall-rules create allow-db --allow=tcp:5432 --source-ranges=0.0.0.0/0',
    ],
    pass: [
      'aws s3api put-bucket-policy --bucket data --policy \'{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}\'',
      'aws s3api put-bucket-acl --bucket data --acl private',
      'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 443 --cidr 0.0.0.0/0',
      'aws s3api get-bucket-policy --bucket data',
    ],
  },
  check(cmd) {
    if (cmd.program === 'gcloud') return gcloudFirewall(cmd);
    return awsPublic(cmd);
  },
};
