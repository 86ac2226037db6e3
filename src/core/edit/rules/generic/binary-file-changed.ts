import { looksBinary } from '../../text';
import { defineRule } from '../helpers';
import { isArtifactPath } from './helpers';

export const binaryFileChanged = defineRule({
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
