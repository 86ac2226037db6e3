/**
 * A rule's page is found and opened in one place (src/extension/rule-docs.ts): the diagnostics'
 * link, the command behind the hover, the quick fix and the events view, and the terminal
 * warning's button all go through it, so they find the same page and say the same thing when it
 * is missing. (The in-editor suite opens the page through the command.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const EXTENSION = path.resolve(__dirname, '..', '..', 'src', 'extension');

describe('rule documentation in the editor', () => {
  it('only rule-docs.ts names the pages\' folder or opens a page', () => {
    const files = readdirSync(EXTENSION, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('rule-docs.ts'));
    const others = files
      .filter((f) => f !== 'rule-docs.ts')
      .filter((f) => /['"]docs['"],\s*['"]rules['"]|docs\/rules\/|markdown\.showPreview/.test(readFileSync(path.join(EXTENSION, f), 'utf8')));
    assert.deepEqual(others, []);
  });
});
