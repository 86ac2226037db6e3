import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import { optionValue, productionContext, raised, shown } from '../cli-options';
import { awsCall, matchPath } from '../cloud-cli';
import { readPolicyDocument, strongest } from '../policy-document';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { policyArg, prodOf, where } from './helpers';

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
      return { severity: 'low', message: `writes a policy for ${kindName(op.principal, who)} from ${shown(reading.path)}, which cannot be read here; check it for "Action": "*".`, span };
    }
    if (reading.kind === 'dynamic') {
      return { severity: 'medium', message: `writes a policy for ${kindName(op.principal, who)} whose document is computed at run time, so what it grants cannot be checked.`, span };
    }
    const grant = strongest(reading.grants);
    if (!grant) return undefined;
    const prod = prodOf(c, who);
    return {
      severity: prod && grant.severity !== 'critical' ? raised(grant.severity) : grant.severity,
      message: `grants ${kindName(op.principal, who)} ${grant.what}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  return undefined;
}

export const awsWildcardPolicyDocument: CommandRule = {
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
