import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { optionValue, optionValues, optionWords, parseArgs, shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

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
      message: `binds ${role} to ${subjects.map((s) => shown(s, 60)).join(', ') || 'its subjects'}${anonymous ? ` (${anonymous}: ${anonymous === 'system:authenticated' ? 'every authenticated identity' : 'unauthenticated requests'})` : ''} ${clusterWide ? 'across the whole cluster' : `in ${kindName('namespace', shown(ns) || 'default')}`} (${kindName(kind.value, shown(name?.value))}).`,
      span,
    };
  }
  if (kind.value === 'clusterrole') {
    const verbs = optionValues(p, 'verb').join(',');
    const resources = optionValues(p, 'resource').join(',');
    if (!/(^|,)\*(,|$)/.test(verbs) || !/(^|,)\*(\.\*)?(,|$)/.test(resources)) return undefined;
    return { severity: 'high', message: `creates cluster ${kindName('role', shown(name?.value))} allowing every verb on every resource (a second cluster-admin).`, span };
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
    message: `binds cluster ${kindName('role', shown(role.value))} to ${subjects.map((s) => shown(s.value)).join(', ')} across the whole cluster.`,
    span: spanFromProgram(cmd, [adm, policy, action, role, ...subjects]),
  };
}

export const kubernetesClusterAdminBinding: CommandRule = {
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
