/**
 * `npm run new-rule -- <command|edit>/<pack> <name>`: a new rule, one command away. Writes
 * `<pack>/<name>.ts` from a template (the next free id of the pack's prefix, the pack's category,
 * placeholder metadata, a check and examples that already pass), lists it last in the pack's
 * index.ts, and adds its id to docs/rule-ids.md. What to fill in next is printed; the unit tests
 * fail until the placeholders are replaced. test/unit/new-rule.test.ts compiles the output and
 * runs its examples.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportName, PACK_MODULES, RULE_ROOTS, type RuleKind } from './rule-files';
import { addRuleId, nextId, parseRuleIds, RULE_IDS_FILE } from './rule-ids';

/** Repository-relative reads, so that a plan can be made against any copy of the tree. */
export interface Tree {
  read(rel: string): string | undefined;
  list(dirRel: string): string[] | undefined;
}

export interface NewRulePlan {
  id: string;
  /** The rule's file, repository-relative. */
  file: string;
  /** Every file to write (the rule, the pack's index, the id ledger): path → whole new content. */
  writes: Record<string, string>;
  /** What to do next, in order. */
  next: string[];
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const USAGE = 'usage: npm run new-rule -- <command|edit>/<pack> <name>   (e.g. command/git push-mirror, edit/terraform lifecycle-ignore-changes)';

export function planNewRule(tree: Tree, target: string, name: string): NewRulePlan {
  const [kind, pack, ...rest] = target.split('/');
  if ((kind !== 'command' && kind !== 'edit') || !pack || rest.length) throw new Error(USAGE);
  const packs = (tree.list(RULE_ROOTS[kind]) ?? []).filter((p) => tree.list(`${RULE_ROOTS[kind]}/${p}`) !== undefined);
  const dir = `${RULE_ROOTS[kind]}/${pack}`;
  if (!packs.includes(pack)) throw new Error(`no ${kind} pack ${JSON.stringify(pack)}; the packs are ${packs.join(', ')}. A new pack is a folder with an index.ts, listed in ${RULE_ROOTS[kind]}/index.ts (see CONTRIBUTING.md)`);
  if (!NAME.test(name)) throw new Error(`the rule name must be kebab-case (lower-case words joined by -), not ${JSON.stringify(name)}`);
  const file = `${dir}/${name}.ts`;
  if (tree.read(file) !== undefined) throw new Error(`${file} exists already`);

  // The pack's prefix and category, from the rules it has.
  const prefixes = new Set<string>();
  const categories = new Map<string, number>();
  for (const f of tree.list(dir)!.filter((x) => x.endsWith('.ts') && !PACK_MODULES.includes(x))) {
    const text = tree.read(`${dir}/${f}`) ?? '';
    const id = /\bid: '([A-Z]+)\d{3}'/.exec(text);
    const category = /\bcategory: '([a-z-]+)'/.exec(text);
    if (id) prefixes.add(id[1]);
    if (category) categories.set(category[1], (categories.get(category[1]) ?? 0) + 1);
  }
  if (prefixes.size !== 1 || !categories.size) throw new Error(`cannot tell the id prefix and category of ${dir} from its rules (prefixes: ${[...prefixes].join(', ') || 'none'})`);
  const [prefix] = prefixes;
  // The pack's usual category; where its rules differ, the template says which ones they use.
  const [category] = [...categories].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  const categoryNote = categories.size > 1 ? `  // TODO(new rule): the category; this pack's rules use ${[...categories.keys()].sort().join(', ')}.\n` : '';

  const ledgerText = tree.read(RULE_IDS_FILE);
  if (ledgerText === undefined) throw new Error(`${RULE_IDS_FILE} is missing`);
  const ledger = parseRuleIds(ledgerText);
  if (ledger.errors.length) throw new Error(`${RULE_IDS_FILE}: ${ledger.errors.join('; ')}`);
  const id = nextId(prefix, ledger.entries);
  const constName = exportName(name);

  const indexFile = `${dir}/index.ts`;
  const index = tree.read(indexFile);
  if (index === undefined) throw new Error(`${indexFile} is missing`);

  return {
    id,
    file,
    writes: {
      [file]: kind === 'command' ? commandRule(id, name, constName, category, categoryNote) : editRule(id, name, constName, category, categoryNote),
      [indexFile]: listInIndex(index, kind, constName, `./${name}`),
      [RULE_IDS_FILE]: addRuleId(ledgerText, id),
    },
    next: [
      `fill in ${file}: severity (by the written meanings in src/core/types.ts), ${kind === 'command' ? 'triggers' : 'files'}, summary, rationale, alternative, the check, and examples that fire and look-alikes that do not`,
      ...(kind === 'command' ? ['add labelled lines to test/corpus/<category>.jsonl, look-alikes that must stay allow included'] : ['for a case worth keeping, add a fixture under test/fixtures/edits/<case>/']),
      'npm run docs, then npm run lint, npm run typecheck and npm run test:unit',
    ],
  };
}

function commandRule(id: string, name: string, constName: string, category: string, categoryNote: string): string {
  return `import type { CommandRule } from '../rule';

export const ${constName}: CommandRule = {
  id: '${id}',
  name: '${name}',
${categoryNote}  category: '${category}',
  // TODO(new rule): the highest severity it reports, by the written meanings in src/core/types.ts.
  severity: 'medium',
  // TODO(new rule): the programs, and the subcommands or flags that must appear. The pre-filter waves
  // through every line no trigger names: a missing trigger is a missed command.
  triggers: [{ programs: ['${name}'] }],
  summary: 'TODO: one sentence: what it catches.',
  rationale: 'TODO: why it matters.',
  alternative: 'TODO: the safer way to get the same job done.',
  examples: {
    fire: ['${name} --all'],
    pass: ['${name} --help', 'echo "${name} --all"'],
  },
  check(cmd) {
    // TODO(new rule): judge the target (see src/core/rules/paths.ts), return the narrowest span.
    if (cmd.args.some((a) => a.value === '--help')) return undefined;
    return { message: \`TODO: what \${cmd.programWord.value} would destroy, and where.\` };
  },
};
`;
}

function editRule(id: string, name: string, constName: string, category: string, categoryNote: string): string {
  return `import { addedLines, defineRule } from '../helpers';

export const ${constName} = defineRule({
  id: '${id}',
  name: '${name}',
${categoryNote}  category: '${category}',
  // TODO(new rule): the highest severity it reports, by the written meanings in src/core/types.ts.
  severity: 'medium',
  // TODO(new rule): the lower-case path globs it applies to (\`**/*.tf\`); \`**\` crosses folders.
  files: ['**'],
  summary: 'TODO: one sentence: what it catches.',
  rationale: 'TODO: why it matters.',
  alternative: 'TODO: the safer way to get the same job done.',
  examples: {
    fire: [{ path: 'example.txt', before: 'kept\\n', after: 'kept\\n${name}\\n' }],
    pass: [{ path: 'example.txt', before: 'kept\\n', after: 'kept\\nchanged\\n' }],
  },
  check(view) {
    // TODO(new rule): read the parsed view (view.hcl, view.docs, view.sql) rather than lines.
    return addedLines(view)
      .filter((l) => l.text.includes('${name}'))
      .map((l) => ({ message: 'TODO: what the change destroys or weakens, and where.', afterSpan: { start: l.start, end: l.end } }));
  },
});
`;
}

/** The pack's index with the new rule imported and listed last. */
function listInIndex(index: string, kind: RuleKind, constName: string, spec: string): string {
  const lines = index.split('\n');
  let lastImport = -1;
  lines.forEach((l, i) => {
    if (/^import .* from '\.\/[^']+';$/.test(l)) lastImport = i;
  });
  if (lastImport === -1) throw new Error('the pack index imports none of its rules');
  lines.splice(lastImport + 1, 0, `import { ${constName} } from '${spec}';`);
  const text = lines.join('\n');
  // The list: `rules: [...]` in a command pack, `X_RULES: readonly EditRule[] = [...]` in an edit pack.
  const head = kind === 'command' ? /\brules: \[/.exec(text) : /_RULES: readonly EditRule\[\] = \[/.exec(text);
  if (!head) throw new Error('cannot find the list of rules in the pack index');
  const open = head.index + head[0].length - 1;
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close === -1) throw new Error('the list of rules in the pack index does not close');
  const inside = text.slice(open + 1, close);
  if (!inside.includes('\n')) return `${text.slice(0, close)}${inside.trim() ? ', ' : ''}${constName}${text.slice(close)}`;
  const indent = /\n([ \t]+)\S/.exec(inside)?.[1] ?? '  ';
  const body = inside.replace(/\s*$/, '');
  const closing = inside.slice(body.length);
  return `${text.slice(0, open + 1)}${body}${body.trimEnd().endsWith(',') ? '' : ','}\n${indent}${constName},${closing}${text.slice(close)}`;
}

function diskTree(root: string): Tree {
  return {
    read: (rel) => (existsSync(path.join(root, rel)) ? readFileSync(path.join(root, rel), 'utf8') : undefined),
    list: (rel) => {
      try {
        return readdirSync(path.join(root, rel));
      } catch {
        return undefined;
      }
    },
  };
}

function main(argv: readonly string[]): number {
  if (argv.length !== 2 || argv.includes('--help') || argv.includes('-h')) {
    console.error(USAGE);
    return argv.includes('--help') || argv.includes('-h') ? 0 : 64;
  }
  const root = path.resolve(__dirname, '..');
  let plan: NewRulePlan;
  try {
    plan = planNewRule(diskTree(root), argv[0], argv[1]);
  } catch (e) {
    console.error(`new-rule: ${e instanceof Error ? e.message : String(e)}`);
    return 64;
  }
  for (const [rel, text] of Object.entries(plan.writes)) writeFileSync(path.join(root, rel), text);
  console.log(`new-rule: ${plan.id} in ${plan.file}, listed in its pack's index.ts and in ${RULE_IDS_FILE}. Next:`);
  plan.next.forEach((s, i) => console.log(`  ${i + 1}. ${s}`));
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
