/**
 * Every edit rule, in a stable order. Ids are permanent: a retired rule keeps its id reserved.
 */
import { pathGlobMatch } from '../../policy';
import type { EditRule } from '../rule';
import { CI_RULES } from './ci/index';
import { COMMAND_IN_FILE_RULES } from './commands/index';
import { CLOUDFORMATION_RULES } from './cloudformation/index';
import { GENERIC_RULES } from './generic/index';
import { IAM_RULES } from './iam/index';
import { KUBERNETES_RULES } from './kubernetes/index';
import { SECRET_RULES } from './secrets/index';
import { SELF_RULES } from './self/index';
import { SELF_HOOK_RULES } from './self-hooks/index';
import { SOURCE_RULES } from './source/index';
import { SQL_RULES } from './sql/index';
import { TERRAFORM_RULES } from './terraform/index';

export const EDIT_RULES: readonly EditRule[] = [
  ...TERRAFORM_RULES,
  ...CLOUDFORMATION_RULES,
  ...KUBERNETES_RULES,
  ...SQL_RULES,
  ...IAM_RULES,
  ...CI_RULES,
  ...SOURCE_RULES,
  ...SECRET_RULES,
  ...SELF_RULES,
  ...SELF_HOOK_RULES,
  ...COMMAND_IN_FILE_RULES,
  ...GENERIC_RULES,
];

const byPath = new Map<string, readonly EditRule[]>();

/** Rules whose file globs match the (lower-case) path; cached, since a workspace repeats paths. */
export function rulesForPath(lowerPath: string): readonly EditRule[] {
  const hit = byPath.get(lowerPath);
  if (hit) return hit;
  const rules = EDIT_RULES.filter((r) => r.files.some((g) => pathGlobMatch(g, lowerPath)));
  if (byPath.size > 10_000) byPath.clear();
  byPath.set(lowerPath, rules);
  return rules;
}
