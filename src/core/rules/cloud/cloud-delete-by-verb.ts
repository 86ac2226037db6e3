import { repeatsKind } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import { looksProduction, productionContext, raised, shown } from '../cli-options';
import { type CloudCall, matchPath } from '../cloud-cli';
import { CLASS_TEXT, type CloudVerbCall, judgeCloudVerb, readCloudVerb, VERB_TOOLS } from '../cloud-verbs';
import { type CommandRule, spanFromProgram } from '../rule';
import { CLUSTER_OPS } from './cloud-delete-cluster';
import { COMPUTE_OPS } from './cloud-delete-compute';
import { DATABASE_OPS } from './cloud-delete-database';
import { KEY_OPS } from './cloud-delete-key-or-secret';
import { ACCOUNT_OPS } from './cloud-delete-project-or-account';
import { STACK_OPS } from './cloud-delete-stack';
import { STORAGE_OPS } from './cloud-delete-storage';
import { VOLUME_OPS } from './cloud-delete-volume-or-backup';
import { PROTECTION_OPS } from './cloud-disable-protection';
import type { CloudOp } from './helpers';
import { HOSTED_OPS } from './hosted-app-delete';

// ---------------------------------------------------------------------------------------------
// Every other destructive cloud operation, judged by its verb and the kind of resource it hits

/** Operations a rule of its own already judges in detail (with its own idea of what is safe). */
const DETAILED: readonly (readonly CloudOp[])[] = [DATABASE_OPS, STORAGE_OPS, VOLUME_OPS, CLUSTER_OPS, COMPUTE_OPS, STACK_OPS, ACCOUNT_OPS, KEY_OPS, PROTECTION_OPS];

function detailed(v: CloudVerbCall): boolean {
  const c: CloudCall | undefined = v.call;
  if (c) return DETAILED.some((ops) => ops.some((op) => op.tool === c.tool && matchPath(c, op.path.split(' ')) !== -1));
  const words = v.pathWords.map((w) => w.value);
  if (v.tool === 'doctl') return HOSTED_OPS.some((op) => op.programs.includes('doctl') && op.path.length === words.length && op.path.every((alts, i) => alts.includes(words[i])));
  // gh repo delete (GIT013) and gh release delete (PUB) have rules of their own.
  if (v.tool === 'gh') return (words[0] === 'repo' || words[0] === 'release') && words.length === 2 && v.verb === 'delete';
  return false;
}

function judge(cmd: SimpleCommand): ReturnType<CommandRule['check']> {
  const v = readCloudVerb(cmd);
  if (!v || detailed(v)) return undefined;
  const j = judgeCloudVerb(v);
  if (j.severity === 'none') return undefined;
  const names = v.names.map((w) => shown(w.value, 60));
  const prod = j.severity !== 'low' && looksProduction(...names, ...v.targets);
  const severity = prod ? raised(j.severity) : j.severity;
  const text = CLASS_TEXT[j.cls];
  const where = v.targets.length ? ` (${v.targets.map((t) => shown(t, 40)).join(', ')})` : '';
  const named = names.length ? ` ${repeatsKind(v.label, names[0]) ? 'named ' : ''}${names.slice(0, 3).join(', ')}${names.length > 3 ? ' and more' : ''}` : '';
  const message =
    j.severity === 'low'
      ? `${v.label}${named}${where} removes access; ${j.note ?? 'it only closes access'}, nothing is deleted.`
      : `${v.label}${named}${where} ${verbPhrase(v.verb)} ${text.what}${j.note ? ` (${j.note})` : ''}: ${j.severity === 'medium' && j.note ? 'it can still be recovered for a while' : text.why}${prod ? '; the target looks like production' : ''}.`;
  return {
    severity,
    message,
    span: spanFromProgram(cmd, [...v.pathWords, ...v.names]),
    context: productionContext(prod),
  };
}

function verbPhrase(verb: string): string {
  if (verb.startsWith('terminate')) return 'terminates';
  if (verb.startsWith('deregister')) return 'deregisters';
  if (verb.startsWith('purge')) return 'purges';
  if (verb.startsWith('destroy')) return 'destroys';
  if (verb.startsWith('revoke')) return 'revokes';
  if (verb.startsWith('remove') || verb === 'rm' || verb === 'rb') return 'removes';
  return 'deletes';
}

export const cloudDeleteByVerb: CommandRule = {
  id: 'CLD012',
  name: 'cloud-delete-by-verb',
  category: 'cloud',
  severity: 'critical',
  triggers: [
    { programs: VERB_TOOLS.filter((t) => t !== 'gh' && t !== 'bq') },
    { programs: ['gh'], subcommands: ['delete', 'remove', 'rm', 'delete-asset'] },
    { programs: ['bq'], subcommands: ['rm'] },
  ],
  summary:
    'Any other delete, terminate, deregister, revoke, purge, remove or destroy on a cloud CLI (aws, gcloud, az, doctl, linode-cli, openstack, gh, bq): compute, data stores, queues, logs, registries, identity, certificates and networking are gate-level, everything else a warning.',
  rationale:
    'Cloud CLIs name every destructive operation with the same few verbs, across hundreds of services; a list of services always misses one. What matters is what the resource is: deleting running compute, stored data, a queue, logs, a registry, an identity, a certificate or network plumbing cannot be undone by running another command. Tags, labels, caches and local CLI configuration are look-alikes and stay quiet; closing access (a firewall rule, a grant, a role binding) is low, and soft-deleted resources a warning.',
  alternative: 'Describe the resource and what depends on it first, remove it through the infrastructure-as-code that owns it, and leave irreversible deletions to a human in the console.',
  examples: {
    fire: [
      'aws iam delete-role --role-name app-role',
      'aws logs delete-log-group --log-group-name /aws/lambda/api',
      'aws ec2 delete-security-group --group-id sg-0abc',
      'gcloud iam service-accounts delete ci@proj.iam.gserviceaccount.com',
      'gcloud compute networks delete vpc-main',
      'az network vnet delete -g rg -n vnet1',
      'az ad sp delete --id 0000-1111',
      'doctl compute volume delete vol-1 --force',
      'linode-cli linodes delete 12345',
      'openstack server delete web-1',
      'gh issue delete 12 --yes',
      'bq rm -r -f -d analytics',
    ],
    pass: [
      'aws ec2 delete-tags --resources i-1 --tags Key=env',
      'aws iam list-roles',
      'aws ec2 delete-security-group --group-id sg-1 --dry-run',
      'gcloud config configurations delete old',
      'gcloud compute instances remove-labels vm1 --labels=env',
      'az tag delete --name env --yes',
      'doctl compute tag delete web --force',
      'gh cache delete --all',
      'gh label delete bug --yes',
      'openstack server list',
      'echo "aws iam delete-role --role-name x"',
    ],
  },
  check: judge,
};
