/**
 * Over-grants: administrator policies attached to roles, wildcard policy documents, resources
 * opened to everyone, owner/editor bindings and cluster-admin bindings. An over-grant destroys
 * nothing by itself; it is what lets the next mistaken command destroy everything, which is
 * why the strongest of them count as critical.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValue, optionValues, optionWords, parseArgs, productionContext, raised, shown } from '../cli-options';
import { awsCall, azCall, type CloudCall, gcloudCall, gsutilCall, matchPath } from '../cloud-cli';
import { readPolicyDocument, strongest } from '../policy-document';
import type { CommandRule, RuleMatch, RulePack } from '../rule';
import { spanFromProgram } from '../rule';

function prodOf(c: CloudCall, ...names: (string | undefined)[]): boolean {
  return looksProduction(...names, ...c.targets);
}

function where(c: CloudCall): string {
  return c.targets.length ? ` (${c.targets.map((t) => shown(t, 40)).join(', ')})` : '';
}

/** The value of a policy option, with whether it was computed at run time. */
function policyArg(c: CloudCall, name: string): { value: string; dynamic: boolean; words: Word[] } | undefined {
  const list = c.args.options.get(name);
  if (!list?.length) return undefined;
  const o = list[0];
  if (o.value === undefined) return undefined;
  const dynamic = (o.valueWord ?? o.word).dynamic;
  return { value: o.value, dynamic, words: optionWords(c.args, name) };
}

// ---------------------------------------------------------------------------------------------
// IAM001: managed administrator policies

const ATTACH_OPS: readonly { path: string[]; principal: string; principalOpt: string; arnOpt: string }[] = [
  { path: ['iam', 'attach-role-policy'], principal: 'role', principalOpt: 'role-name', arnOpt: 'policy-arn' },
  { path: ['iam', 'attach-user-policy'], principal: 'user', principalOpt: 'user-name', arnOpt: 'policy-arn' },
  { path: ['iam', 'attach-group-policy'], principal: 'group', principalOpt: 'group-name', arnOpt: 'policy-arn' },
  { path: ['sso-admin', 'attach-managed-policy-to-permission-set'], principal: 'permission set', principalOpt: 'permission-set-arn', arnOpt: 'managed-policy-arn' },
];

function managedPolicySeverity(arn: string): { severity: Severity; why: string } | undefined {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (/^AdministratorAccess$/i.test(name)) return { severity: 'critical', why: 'full administrator access to the whole account' };
  if (/^IAMFullAccess$/i.test(name)) return { severity: 'critical', why: 'full IAM access, which lets the holder grant itself administrator' };
  if (/^PowerUserAccess$/i.test(name)) return { severity: 'high', why: 'every action except IAM management' };
  if (/FullAccess$/i.test(name)) return { severity: 'medium', why: `every action of one service (${name})` };
  return undefined;
}

function attachAdmin(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'aws') return undefined;
  const c = awsCall(cmd);
  if (c.inert) return undefined;
  if (matchPath(c, ['iam', 'add-user-to-group']) !== -1) {
    const group = optionValue(c.args, 'group-name');
    if (!group || !/admin|root|power|owner/i.test(group)) return undefined;
    const user = optionValue(c.args, 'user-name');
    return {
      severity: 'high',
      message: `adds user ${shown(user)} to group ${shown(group)}, which by its name grants administrative rights${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 2), ...optionWords(c.args, 'group-name')]),
      context: productionContext(prodOf(c)),
    };
  }
  for (const op of ATTACH_OPS) {
    if (matchPath(c, op.path) === -1) continue;
    const arn = optionValue(c.args, op.arnOpt);
    if (!arn) return undefined;
    const grade = managedPolicySeverity(arn);
    if (!grade) return undefined;
    const who = optionValue(c.args, op.principalOpt);
    const prod = prodOf(c, who);
    return {
      severity: prod && grade.severity !== 'critical' ? raised(grade.severity) : grade.severity,
      message: `attaches ${shown(arn.slice(arn.lastIndexOf('/') + 1))} to ${op.principal} ${shown(who)}: ${grade.why}${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 2), ...optionWords(c.args, op.arnOpt)]),
      context: productionContext(prod),
    };
  }
  return undefined;
}

const attachAdminPolicy: CommandRule = {
  id: 'IAM001',
  name: 'aws-attach-admin-policy',
  category: 'iam',
  severity: 'critical',
  triggers: [{ programs: ['aws'], subcommands: ['attach-role-policy', 'attach-user-policy', 'attach-group-policy', 'attach-managed-policy-to-permission-set', 'add-user-to-group'] }],
  summary: 'Attaches AdministratorAccess, IAMFullAccess or another broad managed policy to an AWS role, user, group or permission set.',
  rationale:
    'An agent or CI role with administrator rights turns every later mistake into an account-wide one: the command that was meant to touch one bucket can then delete any resource, key or log in the account.',
  alternative: 'Write a least-privilege policy naming the actions and resources the task needs, and attach that instead; grant admin only through a reviewed, time-boxed path.',
  examples: {
    fire: [
      'aws iam attach-role-policy --role-name ci-deployer --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      'aws iam attach-user-policy --policy-arn=arn:aws:iam::aws:policy/IAMFullAccess --user-name bot',
      'aws --profile prod iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::aws:policy/PowerUserAccess',
    ],
    pass: [
      'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
      'aws iam list-attached-role-policies --role-name ci-deployer',
      'aws iam detach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    ],
  },
  check: attachAdmin,
};

// ---------------------------------------------------------------------------------------------
// IAM002: wildcard identity policies

const POLICY_DOC_OPS: readonly { path: string[]; principal: string; principalOpt: string; docOpt: string }[] = [
  { path: ['iam', 'put-role-policy'], principal: 'role', principalOpt: 'role-name', docOpt: 'policy-document' },
  { path: ['iam', 'put-user-policy'], principal: 'user', principalOpt: 'user-name', docOpt: 'policy-document' },
  { path: ['iam', 'put-group-policy'], principal: 'group', principalOpt: 'group-name', docOpt: 'policy-document' },
  { path: ['iam', 'create-policy'], principal: 'managed policy', principalOpt: 'policy-name', docOpt: 'policy-document' },
  { path: ['iam', 'create-policy-version'], principal: 'managed policy', principalOpt: 'policy-arn', docOpt: 'policy-document' },
  { path: ['sso-admin', 'put-inline-policy-to-permission-set'], principal: 'permission set', principalOpt: 'permission-set-arn', docOpt: 'inline-policy' },
];

function wildcardPolicy(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'aws') return undefined;
  const c = awsCall(cmd);
  if (c.inert) return undefined;
  for (const op of POLICY_DOC_OPS) {
    if (matchPath(c, op.path) === -1) continue;
    const doc = policyArg(c, op.docOpt);
    if (!doc) return undefined;
    const who = shown(optionValue(c.args, op.principalOpt));
    const span = spanFromProgram(cmd, [...c.positionals.slice(0, 2), ...doc.words]);
    const reading = readPolicyDocument(doc.value, doc.dynamic, { actions: true, principals: false });
    if (reading.kind === 'file') {
      return { severity: 'low', message: `writes a policy for ${op.principal} ${who} from ${shown(reading.path)}, which cannot be read here; check it for "Action": "*".`, span };
    }
    if (reading.kind === 'dynamic') {
      return { severity: 'medium', message: `writes a policy for ${op.principal} ${who} whose document is computed at run time, so what it grants cannot be checked.`, span };
    }
    const grant = strongest(reading.grants);
    if (!grant) return undefined;
    const prod = prodOf(c, who);
    return {
      severity: prod && grant.severity !== 'critical' ? raised(grant.severity) : grant.severity,
      message: `grants ${op.principal} ${who} ${grant.what}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  return undefined;
}

const wildcardIdentityPolicy: CommandRule = {
  id: 'IAM002',
  name: 'aws-wildcard-policy-document',
  category: 'iam',
  severity: 'critical',
  triggers: [{ programs: ['aws'], subcommands: POLICY_DOC_OPS.map((o) => o.path[1]) }],
  summary: 'Writes an AWS policy whose document allows every action ("Action": "*"), everything but a few (NotAction), or a whole service (s3:*).',
  rationale:
    '"Action": "*" on "Resource": "*" is administrator under another name, and NotAction with Allow grants every action that will ever exist except the listed ones; service wildcards include the delete and policy-changing actions of that service.',
  alternative: 'List the specific actions and resource ARNs the task needs; use IAM Access Analyzer to generate a least-privilege policy from real usage.',
  examples: {
    fire: [
      'aws iam put-role-policy --role-name agent --policy-name all --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\'',
      'aws iam create-policy --policy-name wide --policy-document \'{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}\'',
      'aws iam put-user-policy --user-name bot --policy-name s3 --policy-document \'{"Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*"}]}\'',
    ],
    pass: [
      'aws iam put-role-policy --role-name agent --policy-name read --policy-document \'{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}\'',
      'aws iam put-role-policy --role-name agent --policy-name deny --policy-document \'{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}\'',
      'aws iam get-role-policy --role-name agent --policy-name all',
    ],
  },
  check: wildcardPolicy,
};

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
      message: `${op.what} ${name} with a policy that grants ${grant.what}${where(c)}.`,
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
      message: `makes ${object ? `object ${shown(optionValue(c.args, 'key'))} in bucket` : 'bucket'} ${bucket} ${acl === 'public-read-write' ? 'readable and writable' : 'readable'} by anyone on the internet.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'acl')]),
    };
  }
  if (matchPath(c, ['s3api', 'delete-public-access-block']) !== -1) {
    return { severity: 'high', message: `removes the public access block of bucket ${shown(optionValue(c.args, 'bucket'))}, so a public policy or ACL takes effect.`, span: spanFromProgram(cmd, head) };
  }
  if (matchPath(c, ['s3control', 'delete-public-access-block']) !== -1) {
    return { severity: 'critical', message: `removes the account-wide S3 public access block of account ${shown(optionValue(c.args, 'account-id'))}.`, span: spanFromProgram(cmd, head) };
  }
  if (matchPath(c, ['s3api', 'put-public-access-block']) !== -1 || matchPath(c, ['s3control', 'put-public-access-block']) !== -1) {
    const conf = optionValue(c.args, 'public-access-block-configuration') ?? '';
    if (!/(Block|Restrict|Ignore)Public\w*["']?\s*[=:]\s*false/i.test(conf.slice(0, 4096))) return undefined;
    const account = c.positionals[0].value === 's3control';
    return {
      severity: account ? 'critical' : 'high',
      message: `turns off S3 public access blocking for ${account ? `the whole account ${shown(optionValue(c.args, 'account-id'))}` : `bucket ${shown(optionValue(c.args, 'bucket'))}`}.`,
      span: spanFromProgram(cmd, [...head, ...optionWords(c.args, 'public-access-block-configuration')]),
    };
  }
  if (matchPath(c, ['lambda', 'add-permission']) !== -1) {
    if (optionValue(c.args, 'principal') !== '*') return undefined;
    const narrowed = c.args.options.has('source-arn') || c.args.options.has('source-account') || c.args.options.has('principal-org-id');
    return {
      severity: narrowed ? 'medium' : 'high',
      message: `lets any AWS principal invoke Lambda function ${shown(optionValue(c.args, 'function-name'))}${narrowed ? ' (narrowed by a source condition)' : ''}.`,
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
      message: `opens ${exposed.join(', ')} of security group ${shown(optionValue(c.args, 'group-id', 'group-name'))} to the whole internet.`,
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
    message: `opens ${exposed.join(', ')} to the whole internet with firewall rule ${shown(c.positionals[at]?.value)}${where(c)}.`,
    span: spanFromProgram(cmd, [...c.positionals.slice(0, at + 1), ...optionWords(c.args, 'source-ranges', 'allow', 'rules')]),
  };
}

const publicResource: CommandRule = {
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

// ---------------------------------------------------------------------------------------------
// IAM004: Google Cloud bindings

const PUBLIC_MEMBERS = /^(allUsers|allAuthenticatedUsers)$/i;

function gcpRoleGrade(role: string, level: 'organization' | 'folder' | 'project' | 'resource'): { severity: Severity; why: string } | undefined {
  const r = role.replace(/^roles\//, '');
  if (r === 'owner') return { severity: 'critical', why: 'full control, including IAM and deletion of everything' };
  if (r === 'resourcemanager.organizationAdmin' || r === 'iam.organizationRoleAdmin') return { severity: 'critical', why: 'control of the organization’s IAM' };
  if (r === 'editor') return { severity: level === 'organization' ? 'critical' : 'high', why: 'write and delete access to almost every resource' };
  if (/^(resourcemanager\.(projectIamAdmin|folderAdmin|folderIamAdmin)|iam\.securityAdmin|iam\.serviceAccountTokenCreator|iam\.serviceAccountKeyAdmin|iam\.serviceAccountAdmin|iam\.roleAdmin)$/.test(r)) {
    return { severity: 'high', why: 'the power to grant itself more access or act as other service accounts' };
  }
  if (/\.admin$/.test(r) && level !== 'resource') return { severity: level === 'project' ? 'medium' : 'high', why: `administrator of one service (${r})${level === 'project' ? '' : ` in every project under the ${level}`}` };
  return undefined;
}

function gcpBinding(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program === 'gsutil') return gsutilPublic(cmd);
  if (cmd.program !== 'gcloud') return undefined;
  const c = gcloudCall(cmd);
  if (c.inert) return undefined;
  const verbIndex = c.positionals.findIndex((p) => p.value === 'add-iam-policy-binding' || p.value === 'set-iam-policy');
  if (verbIndex < 1) return undefined;
  const verb = c.positionals[verbIndex];
  const group = c.positionals.slice(0, verbIndex).map((p) => p.value).join(' ');
  const level: 'organization' | 'folder' | 'project' | 'resource' =
    group === 'organizations' ? 'organization' : group === 'resource-manager folders' ? 'folder' : group === 'projects' ? 'project' : 'resource';
  const target = c.positionals[verbIndex + 1];
  const targetName = shown(target?.value);
  const span = spanFromProgram(cmd, [...c.positionals.slice(0, verbIndex + 2), ...optionWords(c.args, 'member', 'role')]);
  const prod = prodOf(c, target?.value);
  if (verb.value === 'set-iam-policy') {
    if (level === 'resource') return undefined;
    return {
      severity: level === 'organization' ? 'critical' : 'high',
      message: `replaces the whole IAM policy of ${level} ${targetName} with a file, dropping every binding it does not list (including your own)${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  const members = optionValues(c.args, 'member');
  const role = optionValue(c.args, 'role') ?? '';
  const publicMember = members.find((m) => PUBLIC_MEMBERS.test(m.replace(/^[a-z]+:/i, '')));
  const grade = gcpRoleGrade(role, level);
  if (publicMember) {
    const invoker = /(run\.invoker|cloudfunctions\.invoker|functions\.invoker)$/.test(role);
    const severity: Severity = level !== 'resource' || grade ? 'critical' : invoker ? 'medium' : /storage\.|bigquery\./.test(role) || group.startsWith('storage') ? 'high' : 'high';
    return {
      severity,
      message: `grants ${shown(role)} on ${level === 'resource' ? group.replace(/s$/, '') : level} ${targetName} to ${publicMember}, i.e. ${publicMember.includes('Authenticated') ? 'anyone with a Google account' : 'anyone on the internet'}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  if (!grade) {
    // Any binding on a whole organization or folder reaches every project under it.
    if (level !== 'organization' && level !== 'folder') return undefined;
    return {
      severity: 'medium',
      message: `grants ${shown(role)} on the whole ${level} ${targetName} (every project under it) to ${members.map((m) => shown(m, 60)).join(', ')}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  return {
    severity: prod && grade.severity !== 'critical' ? raised(grade.severity) : grade.severity,
    message: `grants ${shown(role)} on ${level === 'resource' ? group : level} ${targetName} to ${members.map((m) => shown(m, 60)).join(', ')}: ${grade.why}${where(c)}.`,
    span,
    context: productionContext(prod),
  };
}

function gsutilPublic(cmd: SimpleCommand): RuleMatch | undefined {
  const g = gsutilCall(cmd);
  const sub = g.sub?.value;
  if (!g.sub || (sub !== 'iam' && sub !== 'acl' && sub !== 'defacl')) return undefined;
  const [action, ...rest] = g.args.positionals;
  if (action?.value !== 'ch' && action?.value !== 'set') return undefined;
  const entries = [...rest.map((w) => w.value), ...['u', 'g'].flatMap((k) => (g.args.options.get(k) ?? []).map((o) => o.value ?? ''))];
  const pub = entries.find((e) => /^(allUsers|allAuthenticatedUsers|AllUsers|AllAuthenticatedUsers)(:|$)/.test(e));
  const cannedPublic = sub !== 'iam' && action.value === 'set' && rest.some((w) => /^public-read(-write)?$/.test(w.value));
  if (!pub && !cannedPublic) return undefined;
  const buckets = rest.filter((w) => /^gs:\/\//.test(w.value)).map((w) => shown(w.value));
  const writable = /:(W|FC|OWNER|WRITER|objectAdmin|admin|legacyBucketWriter|objectCreator)\b/i.test(pub ?? '') || rest.some((w) => w.value === 'public-read-write');
  return {
    severity: writable ? 'critical' : 'high',
    message: `makes ${buckets.join(', ') || 'the bucket'} ${writable ? 'writable' : 'readable'} by ${pub && /Authenticated/i.test(pub) ? 'anyone with a Google account' : 'anyone on the internet'}.`,
    span: spanFromProgram(cmd, [g.sub, action, ...rest]),
  };
}

const gcpOwnerBinding: CommandRule = {
  id: 'IAM004',
  name: 'gcp-privileged-binding',
  category: 'iam',
  severity: 'critical',
  triggers: [
    { programs: ['gcloud'], subcommands: ['add-iam-policy-binding', 'set-iam-policy'] },
    { programs: ['gsutil'], subcommands: ['iam', 'acl', 'defacl'] },
  ],
  summary: 'Grants roles/owner, roles/editor or IAM-admin roles on a Google Cloud project, folder or organization, or opens a resource to allUsers / allAuthenticatedUsers.',
  rationale:
    'Owner and editor are the basic roles that can delete every resource in a project; binding them to an automation account, or any role to allUsers, removes the last check between a mistake and the whole project.',
  alternative: 'Grant a predefined role for the one service the task needs (e.g. roles/storage.objectViewer on one bucket), to a named service account, with an IAM condition or expiry.',
  examples: {
    fire: [
      'gcloud projects add-iam-policy-binding my-proj --member=serviceAccount:ci@my-proj.iam.gserviceaccount.com --role=roles/owner',
      'gcloud projects add-iam-policy-binding prod-app --member user:a@b.com --role roles/editor',
      'gcloud organizations add-iam-policy-binding 123 --member=group:ops@x.com --role=roles/resourcemanager.organizationAdmin',
      'gcloud storage buckets add-iam-policy-binding gs://data --member=allUsers --role=roles/storage.objectViewer',
      'gsutil iam ch allUsers:objectViewer gs://data',
    ],
    pass: [
      'gcloud projects add-iam-policy-binding my-proj --member=serviceAccount:ci@x.iam.gserviceaccount.com --role=roles/storage.objectViewer',
      'gcloud projects get-iam-policy my-proj',
      'gcloud projects remove-iam-policy-binding my-proj --member=user:a@b.com --role=roles/owner',
      'gsutil iam get gs://data',
    ],
  },
  check: gcpBinding,
};

// ---------------------------------------------------------------------------------------------
// IAM005: Azure role assignments

const AZ_ROLES: Readonly<Record<string, { name: string; severity: Severity }>> = {
  owner: { name: 'Owner', severity: 'critical' },
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': { name: 'Owner', severity: 'critical' },
  'user access administrator': { name: 'User Access Administrator', severity: 'critical' },
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': { name: 'User Access Administrator', severity: 'critical' },
  'role based access control administrator': { name: 'Role Based Access Control Administrator', severity: 'critical' },
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': { name: 'Role Based Access Control Administrator', severity: 'critical' },
  contributor: { name: 'Contributor', severity: 'high' },
  'b24988ac-6180-42a0-ab88-20f7382dd24c': { name: 'Contributor', severity: 'high' },
};

function azRole(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'az') return undefined;
  const c = azCall(cmd);
  if (c.inert) return undefined;
  if (matchPath(c, ['role', 'assignment', 'create']) !== -1) {
    const role = optionValue(c.args, 'role') ?? '';
    const known = AZ_ROLES[role.trim().toLowerCase().replace(/^.*\/roledefinitions\//, '')];
    if (!known) return undefined;
    const scope = optionValue(c.args, 'scope') ?? '';
    const rg = optionValue(c.args, 'resource-group', 'g');
    const wide = /^\/(subscriptions\/[^/]+\/?$|providers\/Microsoft\.Management)/i.test(scope) || (!scope && !rg);
    const who = optionValue(c.args, 'assignee', 'assignee-object-id');
    const prod = prodOf(c, scope, rg);
    let severity = known.severity;
    if (prod) severity = raised(severity);
    return {
      severity,
      message: `assigns ${known.name} to ${shown(who)} on ${scope ? shown(scope) : rg ? `resource group ${shown(rg)}` : 'the current subscription'}${wide ? ' (subscription-wide or wider)' : ''}${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 3), ...optionWords(c.args, 'role', 'scope')]),
      context: productionContext(prod),
    };
  }
  if (matchPath(c, ['role', 'definition', 'create']) !== -1 || matchPath(c, ['role', 'definition', 'update']) !== -1) {
    const def = optionValue(c.args, 'role-definition') ?? '';
    if (def.startsWith('@')) return undefined;
    const text = def.slice(0, 64 * 1024);
    const star = /"Actions"\s*:\s*\[[^\]]{0,4000}?"\*"/i.test(text);
    const authz = /"Actions"\s*:\s*\[[^\]]{0,4000}?"Microsoft\.Authorization\/\*(\/write)?"/i.test(text);
    if (!star && !authz) return undefined;
    return {
      severity: 'critical',
      message: `defines a custom role that allows ${star ? 'every action ("Actions": ["*"]), i.e. Owner under another name' : 'Microsoft.Authorization/*, i.e. granting itself any role'}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 3), ...optionWords(c.args, 'role-definition')]),
    };
  }
  return undefined;
}

const azPrivilegedRole: CommandRule = {
  id: 'IAM005',
  name: 'azure-privileged-role-assignment',
  category: 'iam',
  severity: 'critical',
  triggers: [{ programs: ['az'], subcommands: ['create', 'update'] }],
  summary: 'Assigns Owner, User Access Administrator or Contributor in Azure, or defines a custom role with "Actions": ["*"].',
  rationale: 'Owner and User Access Administrator can grant any role to anyone, Contributor can delete every resource in its scope; on a subscription they reach every resource group in it.',
  alternative: 'Assign a built-in role for the one service needed, scoped to a single resource group or resource, or use Privileged Identity Management for time-boxed elevation.',
  examples: {
    fire: [
      'az role assignment create --assignee ci-sp --role Owner --scope /subscriptions/0000',
      'az role assignment create --assignee bot@corp.com --role "User Access Administrator"',
      'az role assignment create --role Contributor --assignee app-id -g prod-rg',
    ],
    pass: ['az role assignment create --assignee ci-sp --role Reader --scope /subscriptions/0000', 'az role assignment list --assignee ci-sp', 'az role assignment delete --assignee ci-sp --role Owner'],
  },
  check: azRole,
};

// ---------------------------------------------------------------------------------------------
// IAM006: Kubernetes cluster-admin

const ANONYMOUS_GROUPS = /^(system:anonymous|system:unauthenticated|system:authenticated)$/;

function k8sBinding(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'kubectl' && cmd.program !== 'oc') return undefined;
  const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'nsoc', bool: new Set(['dry-run', 'save-config', 'validate']) });
  const dry = optionValue(p, 'dry-run');
  if (dry !== undefined && dry !== 'none' && dry !== 'false') return undefined;
  if (p.options.has('dry-run') && dry === undefined) return undefined;
  if (cmd.program === 'oc') return ocPolicy(cmd, p.positionals);
  const [verb, kind, name] = p.positionals;
  if (verb?.value !== 'create' || !kind) return undefined;
  const span = spanFromProgram(cmd, [verb, kind, ...optionWords(p, 'clusterrole', 'role', 'group', 'user', 'serviceaccount')]);
  if (kind.value === 'clusterrolebinding' || kind.value === 'rolebinding') {
    const role = optionValue(p, 'clusterrole') ?? optionValue(p, 'role') ?? '';
    const subjects = [...optionValues(p, 'user'), ...optionValues(p, 'group'), ...optionValues(p, 'serviceaccount')];
    const anonymous = optionValues(p, 'group').find((g) => ANONYMOUS_GROUPS.test(g)) ?? optionValues(p, 'user').find((u) => u === 'system:anonymous');
    const clusterWide = kind.value === 'clusterrolebinding';
    let severity: Severity | undefined;
    if (role === 'cluster-admin') severity = clusterWide ? 'critical' : 'high';
    else if (role === 'admin') severity = clusterWide ? 'high' : undefined;
    else if (role === 'edit' && clusterWide) severity = 'medium';
    if (anonymous) severity = role === 'cluster-admin' || role === 'admin' || role === 'edit' ? 'critical' : 'high';
    if (!severity) return undefined;
    const ns = optionValue(p, 'namespace', 'n');
    return {
      severity,
      message: `binds ${role} to ${subjects.map((s) => shown(s, 60)).join(', ') || 'its subjects'}${anonymous ? ` (${anonymous}: ${anonymous === 'system:authenticated' ? 'every authenticated identity' : 'unauthenticated requests'})` : ''} ${clusterWide ? 'across the whole cluster' : `in namespace ${shown(ns) || 'default'}`} (${kind.value} ${shown(name?.value)}).`,
      span,
    };
  }
  if (kind.value === 'clusterrole') {
    const verbs = optionValues(p, 'verb').join(',');
    const resources = optionValues(p, 'resource').join(',');
    if (!/(^|,)\*(,|$)/.test(verbs) || !/(^|,)\*(\.\*)?(,|$)/.test(resources)) return undefined;
    return { severity: 'high', message: `creates cluster role ${shown(name?.value)} allowing every verb on every resource (a second cluster-admin).`, span };
  }
  return undefined;
}

function ocPolicy(cmd: SimpleCommand, positionals: Word[]): RuleMatch | undefined {
  const [adm, policy, action, role, ...subjects] = positionals;
  if (adm?.value !== 'adm' || policy?.value !== 'policy' || !action || !role) return undefined;
  if (action.value !== 'add-cluster-role-to-user' && action.value !== 'add-cluster-role-to-group') return undefined;
  const anonymous = subjects.some((s) => ANONYMOUS_GROUPS.test(s.value));
  const severity: Severity | undefined = role.value === 'cluster-admin' || anonymous ? 'critical' : role.value === 'admin' ? 'high' : undefined;
  if (!severity) return undefined;
  return {
    severity,
    message: `binds cluster role ${shown(role.value)} to ${subjects.map((s) => shown(s.value)).join(', ')} across the whole cluster.`,
    span: spanFromProgram(cmd, [adm, policy, action, role, ...subjects]),
  };
}

const clusterAdminBinding: CommandRule = {
  id: 'IAM006',
  name: 'kubernetes-cluster-admin-binding',
  category: 'iam',
  severity: 'critical',
  triggers: [
    { programs: ['kubectl'], subcommands: ['clusterrolebinding', 'rolebinding', 'clusterrole'] },
    { programs: ['oc'], subcommands: ['add-cluster-role-to-user', 'add-cluster-role-to-group'] },
  ],
  summary: 'Binds cluster-admin (or admin/edit cluster-wide) to a user, group or service account, or grants anything to unauthenticated users.',
  rationale:
    'cluster-admin can read every secret and delete every namespace, volume and CRD in the cluster; bound to a workload’s service account it turns any compromise or mistake in that workload into a cluster-wide one.',
  alternative: 'Create a Role with the verbs and resources needed in one namespace and bind that; use `kubectl auth can-i` to check what is really required.',
  examples: {
    fire: [
      'kubectl create clusterrolebinding ci-admin --clusterrole=cluster-admin --serviceaccount=ci:deployer',
      'kubectl create clusterrolebinding anon --clusterrole=view --group=system:unauthenticated',
      'oc adm policy add-cluster-role-to-user cluster-admin dev',
    ],
    pass: [
      'kubectl create rolebinding dev-view --clusterrole=view --user=dev -n team-a',
      'kubectl get clusterrolebindings',
      'kubectl create clusterrolebinding ci-admin --clusterrole=cluster-admin --serviceaccount=ci:deployer --dry-run=client -o yaml',
    ],
  },
  check: k8sBinding,
};

export const iamPack: RulePack = {
  name: 'iam',
  description: 'Over-grants: administrator policies, wildcard policy documents, public resources, owner/editor bindings, cluster-admin.',
  rules: [attachAdminPolicy, wildcardIdentityPolicy, publicResource, gcpOwnerBinding, azPrivilegedRole, clusterAdminBinding],
};
