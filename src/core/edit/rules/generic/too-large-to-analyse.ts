import { MAX_ANALYSED_CHARS } from '../../view';
import { defineRule } from '../helpers';
import { isArtifactPath } from './helpers';

export const tooLargeToAnalyse = defineRule({
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
