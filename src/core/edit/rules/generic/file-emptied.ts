import { defineRule } from '../helpers';
import { isArtifactPath, isEmptiedToStub, lineCounts } from './helpers';

export const fileEmptied = defineRule({
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
