/**
 * Edit-level rules that do not depend on the file's language: files emptied or deleted, mass
 * deletion across a step, and the honest "could not analyse this" findings (too large, binary,
 * unparseable, diff capped).
 */
import { looksBinary, meaningfulLines } from '../text';
import type { EditRule } from '../rule';
import { type FileView, MAX_ANALYSED_CHARS } from '../view';
import { defineRule } from './helpers';

/** Paths whose loss is regenerable: build output, dependencies, lock files, caches. */
const ARTIFACT = /(^|\/)(dist|build|out|target|coverage|node_modules|vendor|\.cache|\.next|\.nuxt|__pycache__|\.pytest_cache|\.terraform|\.venv|venv|bin|obj)(\/|$)|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|cargo\.lock|composer\.lock|gemfile\.lock|go\.sum|\.terraform\.lock\.hcl)$|\.(min\.js|min\.css|map|snap|lock|log)$/;

export function isArtifactPath(lowerPath: string): boolean {
  return ARTIFACT.test(lowerPath);
}

/** Lines that carry content, before and after; computed once per view. */
export function lineCounts(view: FileView): { before: number; after: number } {
  return view.memo('meaningful', () => ({ before: meaningfulLines(view.before, 500_000), after: meaningfulLines(view.after, 500_000) }));
}

/** True when the after text is empty or a stub left where a real file was. */
export function isEmptiedToStub(view: FileView): boolean {
  // Cheap checks first: counting lines of a large file is the expensive part.
  if (view.status !== 'modified' || view.after.length >= view.before.length / 10) return false;
  const c = lineCounts(view);
  return view.status === 'modified' && c.before >= 20 && c.after <= 3 && view.after.length < view.before.length / 10;
}

export const edtFileEmptied = defineRule({
  id: 'EDT001',
  name: 'file-emptied',
  category: 'source',
  severity: 'high',
  files: ['**'],
  summary: 'A file is emptied to a stub or most of its content is removed.',
  rationale: 'Agents that "simplify" or "start over" often leave a stub where working code was. The edit looks small in a chat transcript, but everything that was in the file is gone from the working tree.',
  alternative: 'Remove code in focused edits that say what replaces it; if the file should go, delete it explicitly so the deletion is reviewed as one.',
  examples: {
    fire: [{ path: 'src/billing.ts', before: Array.from({ length: 30 }, (_, i) => `export const rate${i} = ${i};`).join('\n') + '\n', after: '// TODO\n' }],
    pass: [{ path: 'src/billing.ts', before: Array.from({ length: 30 }, (_, i) => `export const rate${i} = ${i};`).join('\n') + '\n', after: Array.from({ length: 28 }, (_, i) => `export const rate${i} = ${i};`).join('\n') + '\n' }],
  },
  check(view) {
    if (view.status !== 'modified' || isArtifactPath(view.lowerPath) || view.kind === 'tfstate') return [];
    if (view.diff.removed < 50 && view.after.length >= view.before.length / 10) return [];
    const c = lineCounts(view);
    if (isEmptiedToStub(view)) {
      return [{ message: `file emptied: ${c.before} lines of content reduced to ${c.after}`, afterSpan: { start: 0, end: view.after.length }, beforeSpan: { start: 0, end: view.before.length } }];
    }
    const lost = c.before - c.after;
    if (c.before >= 50 && lost >= 50 && c.after <= c.before * 0.2 && view.diff.removed >= lost) {
      return [{ severity: 'medium', message: `most of the file removed: ${lost} of ${c.before} lines of content are gone`, afterSpan: { start: 0, end: Math.min(view.after.length, 1) } }];
    }
    return [];
  },
});

export const edtFileDeleted = defineRule({
  id: 'EDT002',
  name: 'file-deleted',
  category: 'source',
  severity: 'medium',
  files: ['**'],
  summary: 'A file is deleted (medium for large files, low otherwise).',
  rationale: 'A tracked file can be restored from version control, an untracked one cannot; a large file is more likely to hold work that has no other copy.',
  alternative: 'Check that the file is committed, or move it aside instead of deleting it.',
  examples: {
    fire: [{ path: 'src/old.ts', before: 'export const x = 1;\n' }],
    pass: [{ path: 'dist/bundle.js', before: 'console.log(1);\n' }],
  },
  check(view) {
    if (view.status !== 'deleted' || isArtifactPath(view.lowerPath)) return [];
    const lines = lineCounts(view).before;
    return [{ severity: lines >= 1000 ? 'medium' : 'low', message: `file deleted (${lines} line${lines === 1 ? '' : 's'} of content)`, beforeSpan: { start: 0, end: Math.min(view.before.length, 1) } }];
  },
});

/** Checked by evaluateBatch; per file it reports nothing. */
export const edtMassDeletion = defineRule({
  id: 'EDT003',
  name: 'mass-deletion',
  category: 'filesystem',
  severity: 'critical',
  files: ['**'],
  batch: true,
  summary: 'One step deletes or empties many files, or most files of a folder.',
  rationale: 'A single agent step that removes most of a folder is one event, not many small ones: "clean up", "start fresh" or a wrong path can take out a module, a test suite or the whole project. It is weighted by how much was lost.',
  alternative: 'Delete in small, reviewed steps, or move the folder aside (rename) until the change is confirmed.',
  examples: {
    fire: Array.from({ length: 12 }, (_, i) => ({ path: `src/payments/file${i}.ts`, before: `export const v${i} = ${i};\n`.repeat(30) })),
    pass: [{ path: 'src/payments/file0.ts', before: 'export const v = 1;\n' }],
  },
  check() {
    return [];
  },
});

export const edtTooLarge = defineRule({
  id: 'EDT004',
  name: 'too-large-to-analyse',
  category: 'unanalyzable',
  severity: 'medium',
  files: ['**'],
  summary: 'The file is too large to analyse fully; only its size and line counts were judged.',
  rationale: 'Parsing is bounded so that a huge file cannot stall the editor. A change that could not be read is not a change that was checked.',
  alternative: 'Review the change by hand, or split the file.',
  examples: {
    fire: [{ path: 'data/dump.sql', before: '', after: 'x'.repeat(MAX_ANALYSED_CHARS + 1) }],
    pass: [{ path: 'data/dump.sql', before: '', after: 'SELECT 1;\n' }],
  },
  check(view) {
    if (!view.tooLarge || isArtifactPath(view.lowerPath)) return [];
    const size = Math.max(view.before.length, view.after.length);
    return [{ message: `file too large to analyse fully (${(size / 1048576).toFixed(1)} MB); only its size and line counts were checked`, afterSpan: { start: 0, end: 0 } }];
  },
});

export const edtBinary = defineRule({
  id: 'EDT005',
  name: 'binary-file-changed',
  category: 'unanalyzable',
  severity: 'low',
  files: ['**'],
  summary: 'A binary file is changed; its content cannot be judged.',
  rationale: 'Binary content (NUL bytes) is not text the rules can read. The change is reported so it is not mistaken for a checked one.',
  alternative: 'Check the binary\'s origin (build output, asset) and regenerate it from source where possible.',
  examples: {
    fire: [{ path: 'assets/logo.png', before: '\u0089PNG\u0000\u0001', after: '\u0089PNG\u0000\u0002' }],
    pass: [{ path: 'assets/logo.svg', before: '<svg/>', after: '<svg></svg>' }],
  },
  check(view) {
    if (view.status !== 'modified' && view.status !== 'added') return [];
    if (!looksBinary(view.before) && !looksBinary(view.after)) return [];
    if (isArtifactPath(view.lowerPath)) return [];
    return [{ message: 'binary content changed; not analysed', afterSpan: { start: 0, end: 0 } }];
  },
});

const INFRA_HINT = /\b(AWSTemplateFormatVersion|apiVersion|Resources|jobs|stages|blastRadius)\b/;

export const edtUnparseable = defineRule({
  id: 'EDT006',
  name: 'unparseable-after-edit',
  category: 'unanalyzable',
  severity: 'medium',
  files: ['**/*.tf', '**/*.tf.json', '**/*.yaml', '**/*.yml', '**/*.json', '**/*.jsonc', '**/*.code-workspace'],
  summary: 'The file no longer parses, so structural rules could only judge what they could read.',
  rationale: 'A configuration that does not parse cannot be compared block by block; a removed resource hidden behind a syntax error would otherwise pass unseen. The file is still scored by what can be read.',
  alternative: 'Fix the syntax error; the change will then be judged in full.',
  examples: {
    fire: [{ path: 'k8s/deploy.yaml', before: 'apiVersion: v1\nkind: ConfigMap\n', after: 'apiVersion: v1\nkind: [ConfigMap\n' }],
    pass: [{ path: 'k8s/deploy.yaml', before: 'apiVersion: v1\nkind: ConfigMap\n', after: 'apiVersion: v1\nkind: Secret\n' }],
  },
  check(view) {
    if (view.ctx.partial || view.status === 'deleted' || !view.after.trim()) return [];
    // Helm templates are YAML only after rendering.
    if (view.lowerPath.includes('/templates/') || view.after.includes('{{')) return [];
    let errors: { message: string; offset: number }[];
    let beforeErrors: number;
    if (view.kind === 'terraform') {
      errors = view.hcl('after').errors;
      beforeErrors = view.hcl('before').errors.length;
    } else if (view.kind === 'yaml' || view.kind === 'json' || view.kind === 'terraform-json') {
      errors = view.docs('after').errors;
      beforeErrors = view.docs('before').errors.length;
    } else return [];
    if (!errors.length) return [];
    const infra = view.kind === 'terraform' || view.kind === 'terraform-json' || INFRA_HINT.test(view.after.slice(0, 20_000));
    const broke = beforeErrors === 0 && view.status === 'modified';
    const e = errors[0];
    return [{
      severity: infra && broke ? 'medium' : 'low',
      message: `file does not parse after the edit (${e.message}); scored only by what could be read`,
      afterSpan: { start: e.offset, end: e.offset },
    }];
  },
});

export const edtDiffCapped = defineRule({
  id: 'EDT007',
  name: 'diff-capped',
  category: 'unanalyzable',
  severity: 'low',
  files: ['**'],
  summary: 'The change was too large to align line by line and was judged as a full rewrite.',
  rationale: 'Line alignment is capped so that rewriting a big file stays fast. Rules that look at added lines then see every line as new, which may over-report; rules that compare structure are unaffected.',
  alternative: 'Make large rewrites in smaller steps so each can be judged precisely.',
  examples: {
    fire: [{ path: 'data/big.txt', before: Array.from({ length: 1200 }, () => 'same').join('\n'), after: Array.from({ length: 1200 }, () => 'other').join('\n') }],
    pass: [{ path: 'data/big.txt', before: 'a\nb\n', after: 'a\nc\n' }],
  },
  check(view) {
    if (view.status !== 'modified' || view.tooLarge || !view.diff.capped) return [];
    return [{ message: `change too large to align (${view.diff.removed} lines replaced by ${view.diff.added}); judged as a full rewrite`, afterSpan: { start: 0, end: 0 } }];
  },
});

export const GENERIC_RULES: readonly EditRule[] = [edtFileEmptied, edtFileDeleted, edtMassDeletion, edtTooLarge, edtBinary, edtUnparseable, edtDiffCapped];
