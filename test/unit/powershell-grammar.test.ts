import assert from 'node:assert/strict';
import { powerShellGrammarReady, powerShellParser } from '../../src/core/shell/grammar';
import { loadPowerShellGrammar } from '../../src/node/grammar-files';

describe('PowerShell grammar', () => {
  it('loads with the web-tree-sitter runtime the bash grammar uses, and reads a pipeline', async () => {
    await loadPowerShellGrammar();
    assert.equal(powerShellGrammarReady(), true);
    const tree = powerShellParser()?.parse('Get-ChildItem C:\\build -Recurse | Remove-Item -Force');
    assert.ok(tree);
    const names = tree.rootNode.descendantsOfType('command_name').map((n) => n?.text);
    assert.deepEqual(names, ['Get-ChildItem', 'Remove-Item']);
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
  });

  it('loads once: a second call returns the same parser', async () => {
    await loadPowerShellGrammar();
    const first = powerShellParser();
    await loadPowerShellGrammar();
    assert.equal(powerShellParser(), first);
  });
});
