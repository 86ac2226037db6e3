import { defineRule } from '../helpers';
import { isArtifactPath, lineCounts } from './helpers';

export const fileDeleted = defineRule({
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
