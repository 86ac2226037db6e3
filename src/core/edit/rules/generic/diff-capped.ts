import { defineRule } from '../helpers';

export const diffCapped = defineRule({
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
