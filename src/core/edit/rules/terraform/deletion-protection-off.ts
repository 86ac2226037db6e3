import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue } from '../tf-model';
import { attrRange, goneFrom, pairs, TF_FILES } from './helpers';

/** Protection switches: name, and whether leaving the attribute out means "off". */
const PROTECTION_ATTRS: { name: string; offWhen: 'false' | 'true'; absentIsOff: (type: string) => boolean }[] = [
  { name: 'deletion_protection', offWhen: 'false', absentIsOff: (t) => !t.startsWith('google_') },
  { name: 'deletion_protection_enabled', offWhen: 'false', absentIsOff: () => true },
  { name: 'enable_deletion_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'disable_api_termination', offWhen: 'false', absentIsOff: () => true },
  { name: 'termination_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'enable_termination_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'purge_protection_enabled', offWhen: 'false', absentIsOff: () => true },
  { name: 'prevent_deletion_if_contains_resources', offWhen: 'false', absentIsOff: () => false },
];

export const deletionProtectionOff = defineRule({
  id: 'TF002',
  name: 'deletion-protection-off',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'Deletion or termination protection is switched off on an existing resource.',
  rationale: 'Cloud-side deletion protection (RDS, DynamoDB, load balancers, EC2 termination, Key Vault purge protection) stops a destroy even when Terraform plans one. Turning it off removes the last safety net.',
  alternative: 'Leave protection on. Turn it off only in a dedicated, reviewed change right before a planned deletion.',
  examples: {
    fire: [{ path: 'main.tf', before: 'resource "aws_db_instance" "db" {\n  deletion_protection = true\n}\n', after: 'resource "aws_db_instance" "db" {\n  deletion_protection = false\n}\n' }],
    pass: [
      { path: 'main.tf', before: 'resource "aws_db_instance" "db" {\n  deletion_protection = false\n}\n', after: 'resource "aws_db_instance" "db" {\n  deletion_protection = true\n}\n' },
      { path: 'main.tf', before: 'resource "google_sql_database_instance" "db" {\n  deletion_protection = true\n}\n', after: 'resource "google_sql_database_instance" "db" {\n  region = "europe-west1"\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      for (const spec of PROTECTION_ATTRS) {
        const wasAttr = attr(p.before.block, spec.name);
        if (!wasAttr || boolValue(view.before, wasAttr) !== true) continue;
        const a = attr(p.after.block, spec.name);
        const now = boolValue(view.after, a);
        const off = now === false || (a === undefined && spec.absentIsOff(p.after.type));
        if (!off) continue;
        out.push({
          message: `${p.address}: ${spec.name} ${a ? 'turned off' : 'removed (defaults to off)'}; the resource can now be deleted`,
          ...(a ? { afterSpan: attrRange(a) } : goneFrom(view, wasAttr, p.after.block)),
          context: prodContext(view),
        });
      }
    }
    return out;
  },
});
