import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { optionValue, optionValues, optionWords, productionContext, raised, shown } from '../cli-options';
import { gcloudCall, gsutilCall } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { prodOf, where } from './helpers';

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
      message: `replaces the whole IAM policy of ${kindName(level, targetName)} with a file, dropping every binding it does not list (including your own)${where(c)}.`,
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
      message: `grants ${shown(role)} on ${kindName(level === 'resource' ? group.replace(/s$/, '') : level, targetName)} to ${publicMember}, i.e. ${publicMember.includes('Authenticated') ? 'anyone with a Google account' : 'anyone on the internet'}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  if (!grade) {
    // Any binding on a whole organization or folder reaches every project under it.
    if (level !== 'organization' && level !== 'folder') return undefined;
    return {
      severity: 'medium',
      message: `grants ${shown(role)} on the whole ${kindName(level, targetName)} (every project under it) to ${members.map((m) => shown(m, 60)).join(', ')}${where(c)}.`,
      span,
      context: productionContext(prod),
    };
  }
  return {
    severity: prod && grade.severity !== 'critical' ? raised(grade.severity) : grade.severity,
    message: `grants ${shown(role)} on ${kindName(level === 'resource' ? group : level, targetName)} to ${members.map((m) => shown(m, 60)).join(', ')}: ${grade.why}${where(c)}.`,
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

export const gcpPrivilegedBinding: CommandRule = {
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
