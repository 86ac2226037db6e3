import assert from 'node:assert/strict';
import { extractPowerShell, grammarStatements, perItemBlocks } from '../../src/core/shell/powershell';

/** The PowerShell grammar is loaded by the root hooks; these read lines through it. */
describe('PowerShell read with its grammar', () => {
  const programs = (line: string): string[] => extractPowerShell(line, 'pwsh').commands.map((c) => c.program);
  const issues = (line: string): string[] => extractPowerShell(line, 'pwsh').issues.map((i) => i.message);

  it('takes expressions in script blocks, conditions and assignments for what they are, not commands', () => {
    for (const line of ['Get-Process | Where-Object { $_.CPU -gt 100 } | Select-Object Name', '$files | Remove-Item', 'if ($env:CI) { npm test }', '$ErrorActionPreference = "Stop"; npm run build']) {
      assert.deepEqual(issues(line), [], line);
    }
    assert.deepEqual(programs('if ($env:CI) { npm test }'), ['npm']);
    assert.deepEqual(programs('$files | Remove-Item'), ['remove-item']);
  });

  it('finds commands in a string\'s sub-expression, in blocks and in function bodies', () => {
    assert.deepEqual(programs('Write-Output "x $(Remove-Item -Recurse C:\\)"'), ['write-output', 'remove-item']);
    assert.deepEqual(programs('function Clean { rd -r C:\\Users }; Clean'), ['remove-item', 'clean']);
    const rm = extractPowerShell('try { Remove-Item -Recurse -Force $HOME } catch { Write-Error $_ }', 'pwsh').commands[0];
    assert.deepEqual(rm.args.map((a) => a.raw), ['-Recurse', '-Force', '$HOME']);
    assert.equal(rm.args[2].dynamic, true);
  });

  it('keeps a pipeline whole around a script block', () => {
    const { commands } = extractPowerShell('Get-ChildItem | ForEach-Object { Remove-Item $_ } | Out-Null', 'pwsh');
    const out = commands.find((c) => c.program === 'out-null');
    assert.deepEqual(out?.pipeline?.previous.map((c) => c.program), ['get-childitem', 'foreach-object']);
    assert.equal(commands.find((c) => c.program === 'remove-item')?.pipeline, undefined);
  });

  it('joins words the grammar splits (-Confirm:$false) and keeps spans on the line', () => {
    const line = 'Clear-Disk -Number 1 -Confirm:$false';
    const cmd = extractPowerShell(line, 'pwsh').commands[0];
    assert.deepEqual(cmd.args.map((a) => a.raw), ['-Number', '1', '-Confirm:$false']);
    for (const a of cmd.args) assert.equal(line.slice(a.span.start, a.span.end), a.raw);
  });

  it('leaves to the tokenizer what the grammar cannot read completely', () => {
    assert.equal(grammarStatements('Remove-Item -Recurse $env:TEMP\\build'), undefined);
    const cmd = extractPowerShell('Remove-Item -Recurse $env:TEMP\\build', 'pwsh').commands[0];
    assert.deepEqual(cmd.args.map((a) => a.raw), ['-Recurse', '$env:TEMP\\build']);
  });

  /** Each Remove-Item's first argument, with the command that feeds it items, if any (the grammar reads nested blocks last: sorted). */
  const fed = (line: string): [string, string | undefined][] =>
    extractPowerShell(line, 'pwsh')
      .commands.filter((c) => c.program === 'remove-item')
      .map((c): [string, string | undefined] => [c.args[0].raw, c.fedBy?.program])
      .sort(byWord);
  const byWord = (x: [string, unknown], y: [string, unknown]): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

  it('links the commands of ForEach-Object\'s per-item blocks to it, in both readers', () => {
    for (const listing of ['C:\\Users', '$env:USERPROFILE\\Documents']) {
      const grammar = listing === 'C:\\Users';
      const line = `Get-ChildItem ${listing} | ForEach-Object -Begin { Remove-Item a } -Process { if ($_.PSIsContainer) { Remove-Item $_ } } -End { Remove-Item b }`;
      assert.equal(grammarStatements(line) === undefined, !grammar, line);
      assert.deepEqual(fed(line), [['$_', 'foreach-object'], ['a', undefined], ['b', undefined]], line);
      assert.deepEqual(fed(`gci ${listing} | % { Remove-Item a } { Remove-Item $_ } { Remove-Item b }`), [['$_', 'foreach-object'], ['a', undefined], ['b', undefined]], line);
      assert.deepEqual(fed(`gci ${listing} | foreach { Remove-Item $PSItem }; Remove-Item c`), [['$PSItem', 'foreach-object'], ['c', undefined]], line);
      // A script block of another command is not fed by ForEach-Object's pipeline.
      assert.deepEqual(fed(`gci ${listing} | Where-Object { Remove-Item $_ }`), [['$_', undefined]], line);
    }
  });

  it('maps ForEach-Object\'s script blocks as PowerShell does', () => {
    assert.deepEqual(perItemBlocks([undefined]), [true]);
    assert.deepEqual(perItemBlocks(['process']), [true]);
    assert.deepEqual(perItemBlocks([undefined, undefined]), [false, true]);
    assert.deepEqual(perItemBlocks([undefined, undefined, undefined, undefined]), [false, true, true, false]);
    assert.deepEqual(perItemBlocks(['begin', 'process', 'end']), [false, true, false]);
    assert.deepEqual(perItemBlocks(['b', undefined, 'e']), [false, true, false]);
  });
});
