/**
 * `npm run docs`: writes docs/rules/<id>.md for every rule, docs/rules/README.md, and the rule
 * table between the markers in README.md. Everything comes from the rule metadata through
 * scripts/docs-model.ts; a unit test fails when these files are stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EDIT_RULES } from '../src/core/edit/rules/index';
import { COMMAND_RULES } from '../src/core/rules/index';
import { generateDocs, README_END, README_START, RULES_DIR, spliceReadme } from './docs-model';

const ROOT = path.resolve(__dirname, '..');

function main(): void {
  const docs = generateDocs(COMMAND_RULES, EDIT_RULES);
  const dir = path.join(ROOT, RULES_DIR);
  mkdirSync(dir, { recursive: true });

  let written = 0;
  for (const [rel, text] of Object.entries(docs.files)) {
    const file = path.join(ROOT, rel);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
    written++;
  }
  // Pages of rules that no longer exist would mislead: remove them.
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md') && !(`${RULES_DIR}/${name}` in docs.files)) {
      rmSync(path.join(dir, name));
      removed++;
    }
  }

  const readmePath = path.join(ROOT, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : `# Blast Radius\n\n${README_START}\n${README_END}\n`;
  const next = spliceReadme(readme, docs.readmeBlock);
  if (next === undefined) throw new Error(`README.md has no ${README_START} … ${README_END} markers; add them where the rule table belongs`);
  if (next !== readme) writeFileSync(readmePath, next);

  console.log(`docs: ${Object.keys(docs.files).length} pages (${written} written, ${removed} removed), README table ${next === readme ? 'unchanged' : 'updated'}`);
}

main();
