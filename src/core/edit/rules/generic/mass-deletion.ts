import { defineRule } from '../helpers';

/** Checked by evaluateBatch; per file it reports nothing. */
export const massDeletion = defineRule({
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
