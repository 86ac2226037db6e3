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

  it('links a foreach statement\'s body and .ForEach()\'s block to the pipeline they iterate', () => {
    const eachOf = (line: string): [string, string | undefined, string[] | undefined][] =>
      extractPowerShell(line, 'pwsh')
        .commands.filter((c) => c.program === 'remove-item')
        .map((c): [string, string | undefined, string[] | undefined] => [c.args[0].raw, c.each?.source.program, c.each?.variables]);
    assert.deepEqual(eachOf('foreach ($f in Get-ChildItem C:\\x -Recurse | Sort-Object Length) { if ($f) { Remove-Item $f } }'), [['$f', 'sort-object', ['f']]]);
    assert.deepEqual(eachOf('(Get-ChildItem C:\\x).ForEach({ Remove-Item $_ })'), [['$_', 'get-childitem', ['_', 'psitem']]]);
    assert.deepEqual(eachOf('(gci C:\\x).ForEach{ Remove-Item $PSItem }'), [['$PSItem', 'get-childitem', ['_', 'psitem']]]);
    assert.deepEqual(eachOf('$all = Get-ChildItem C:\\x; foreach ($f in $all) { Remove-Item $f }'), [['$f', 'get-childitem', ['f']]]);
    // Outside the body, and over an expression, nothing is iterated.
    assert.deepEqual(eachOf('foreach ($f in Get-ChildItem C:\\x) { Write-Output $f }; Remove-Item $f'), [['$f', undefined, undefined]]);
    assert.deepEqual(eachOf('foreach ($f in $unknown) { Remove-Item $f }'), [['$f', undefined, undefined]]);
  });

  it('links a foreach statement\'s body to its pipeline in the tokenizer too, when the grammar cannot read the line', () => {
    const eachOf = (line: string): [string, string | undefined, string[] | undefined][] =>
      extractPowerShell(line, 'pwsh')
        .commands.filter((c) => c.program === 'remove-item' || c.program === '.delete')
        .map((c): [string, string | undefined, string[] | undefined] => [c.args[0]?.raw ?? c.program, c.each?.source.program, c.each?.variables]);
    // `$env:USERPROFILE\\x` unquoted is what the grammar rejects.
    const lines: [string, [string, string | undefined, string[] | undefined][]][] = [
      ['foreach ($f in Get-ChildItem $env:USERPROFILE\\x -Recurse | Sort-Object Length) { if ($f) { Remove-Item $f } }', [['$f', 'sort-object', ['f']]]],
      ['foreach($f in gci $env:USERPROFILE\\x){Remove-Item $f -Force}', [['$f', 'get-childitem', ['f']]]],
      ['$all = Get-ChildItem $env:USERPROFILE\\x; foreach ($f in $all) { Remove-Item $f }', [['$f', 'get-childitem', ['f']]]],
      ['foreach ($f in Get-ChildItem $env:USERPROFILE\\x) { $f.Delete($true) }', [['$true', 'get-childitem', ['f']]]],
      // Outside the body, and over an expression, nothing is iterated.
      ['foreach ($f in Get-ChildItem $env:USERPROFILE\\x) { Write-Output $f }; Remove-Item $f', [['$f', undefined, undefined]]],
      ['Remove-Item $env:USERPROFILE\\x; foreach ($f in $unknown) { Remove-Item $f }', [['$env:USERPROFILE\\x', undefined, undefined], ['$f', undefined, undefined]]],
    ];
    for (const [line, want] of lines) {
      assert.equal(grammarStatements(line), undefined, line);
      assert.deepEqual(eachOf(line), want, line);
      // The header's `$f in` is no command whose program is computed.
      assert.deepEqual(issues(line), [], line);
    }
    const targets = (line: string): string[] => extractPowerShell(line, 'pwsh').commands.filter((c) => c.program === 'remove-item').map((c) => c.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value).join(','));
    assert.deepEqual(targets("Remove-Item $env:TEMP\\x; foreach ($d in 'C:\\a', \"D:\\b\") { Remove-Item $d -Recurse }"), ['$env:TEMP\\x'.replace('$', '\u0000$'), 'C:\\a,D:\\b']);
    assert.deepEqual(programs("Remove-Item $env:TEMP\\x; foreach ($d in 'C:\\a', 'D:\\b') { Remove-Item $d }"), ['remove-item', 'remove-item']);
    // A statement that starts with a variable is an expression, as the grammar reads it; a method called on one may run anything.
    assert.equal(grammarStatements('if ($a -gt 1GB) { Remove-Item x }'), undefined);
    assert.deepEqual(issues('if ($a -gt 1GB) { Remove-Item x }'), []);
    assert.deepEqual(programs('if ($a -gt 1GB) { Remove-Item x }'), ['if', 'remove-item']);
    assert.equal(issues('$sb.Invoke(); Get-ChildItem $env:TEMP\\x').length, 1);
    assert.equal(issues('& $tool; Get-ChildItem $env:TEMP\\x').length, 1);
  });

  it('reads Delete methods as statements: on items, on a listing in parentheses, and the static file-system ones', () => {
    const calls = (line: string): string[] =>
      extractPowerShell(line, 'pwsh').commands.filter((c) => c.program.includes('delete')).map((c) => [c.program, c.receiver?.variable ?? (c.receiver?.items ? 'items' : '-'), c.each?.source.program ?? c.fedBy?.program ?? '-', ...c.args.map((a) => a.value.replace('\u0000', ''))].join(' '));
    assert.deepEqual(calls('Get-ChildItem C:\\x | ForEach-Object { $_.Delete($true) }'), ['.delete _ foreach-object $true']);
    assert.deepEqual(calls('(Get-Item C:\\x).Delete()'), ['.delete items get-item']);
    assert.deepEqual(calls("(gci C:\\x).ForEach('Delete', $true)"), ['.delete _ get-childitem $true']);
    assert.deepEqual(calls("[System.IO.Directory]::Delete('C:\\x', $true); [IO.File]::Delete('a.txt')"), ['system.io.directory::delete - - C:\\x $true', 'system.io.file::delete - - a.txt']);
    assert.deepEqual(calls('$conn.Delete()'), ['.delete conn -']);
    // Other methods and other types' Delete are not deletions of files.
    assert.deepEqual(calls("[IO.Directory]::Exists('C:\\x'); [Foo.Bar]::Delete('x'); (gci x).ForEach('FullName')"), []);
  });

  it('reads a method called on a command\'s argument as run before the command, as PowerShell\'s argument mode does', () => {
    const calls = (line: string): string[] =>
      extractPowerShell(line, 'pwsh').commands.filter((c) => c.program.includes('delete')).map((c) => [c.program, c.receiver?.variable ?? (c.receiver?.items ? 'items' : '-'), c.each?.source.program ?? '-', ...c.args.map((a) => a.value.replace('\u0000', ''))].join(' '));
    // An argument that starts with `(`, `$(` or a variable is an expression, its method calls included.
    assert.deepEqual(calls('Write-Output (Get-Item C:\\x).Delete($true)'), ['.delete items get-item $true']);
    assert.deepEqual(calls('New-Object IO.DirectoryInfo $(Get-Item C:\\x).Delete()'), ['.delete items get-item']);
    assert.deepEqual(calls("Write-Host ([IO.DirectoryInfo]::new('C:\\x')).Delete($true)"), ['system.io.directory::delete - - C:\\x $true']);
    assert.deepEqual(calls("Write-Host (New-Object IO.FileInfo 'C:\\x.txt').Delete()"), ['system.io.file::delete - - C:\\x.txt']);
    assert.deepEqual(calls("$d = [IO.DirectoryInfo]::new('C:\\x'); Write-Output $d.Delete($true)"), ['system.io.directory::delete - - C:\\x $true']);
    // A value in parentheses is that value, as a statement too.
    assert.deepEqual(calls("([IO.DirectoryInfo]::new('C:\\x')).Delete($true)"), ['system.io.directory::delete - - C:\\x $true']);
    // With a space before `(` the method is not called; a member that is not called runs nothing.
    assert.deepEqual(calls('Write-Output (Get-Item C:\\x).Delete ($true)'), []);
    assert.deepEqual(calls('Write-Output (Get-Item C:\\x).FullName'), []);
    // `New-Object T('p').Delete()`: `(` starts a new argument, so Delete is called on the string
    // 'p', which has none; the call fails before New-Object runs, and nothing is deleted.
    for (const line of ["New-Object IO.DirectoryInfo('C:\\x').Delete($true)", "New-Object IO.DirectoryInfo ('C:\\x').Delete($true)"]) {
      const read = extractPowerShell(line, 'pwsh');
      assert.deepEqual(calls(line), line.includes(' (') ? ['.delete - - $true'] : [], line);
      assert.deepEqual(read.issues, [], line);
      assert.deepEqual(read.commands.map((c) => c.program).filter((p) => !p.includes('delete')), ['new-object'], line);
    }
  });

  it('reads .NET\'s folder listings as the Get-ChildItem they equal, feeding what consumes their items', () => {
    const listed = (line: string): string[] => extractPowerShell(line, 'pwsh').commands.filter((c) => c.program === 'get-childitem').map((c) => c.args.map((a) => a.value.replace('\u0000', '')).join(' '));
    assert.deepEqual(listed("[IO.Directory]::EnumerateFiles('C:\\x', '*.log', [IO.SearchOption]::AllDirectories) | % { [IO.File]::Delete($_) }"), ['C:\\x -File -Filter *.log -Recurse']);
    assert.deepEqual(listed("[System.IO.Directory]::GetDirectories('C:\\x', '*', 1) | Remove-Item"), ['C:\\x -Directory -Recurse']);
    assert.deepEqual(listed("[IO.DirectoryInfo]::new('C:\\x').GetFileSystemInfos($p, $o) | % { $_.Delete() }"), ['C:\\x -Filter $p -Recurse']);
    const fed = extractPowerShell("[IO.Directory]::GetFiles('C:\\x') | % { [IO.File]::Delete($_) }", 'pwsh').commands.find((c) => c.program === 'system.io.file::delete');
    assert.equal(fed?.fedBy?.pipeline?.previous[0].program, 'get-childitem');
    const looped = extractPowerShell("foreach ($f in [IO.Directory]::GetFiles('C:\\x')) { Remove-Item $f }", 'pwsh').commands.find((c) => c.program === 'remove-item');
    assert.equal(looped?.each?.source.program, 'get-childitem');
    // Other methods of the types, and another type's GetFiles, list nothing.
    assert.deepEqual(listed("[IO.Directory]::Exists('C:\\x'); [Foo]::GetFiles('C:\\x') | % { $_ }; [IO.Directory]::GetFiles('C:\\x').Count"), []);
  });

  it('reads the program Start-Process or cmd\'s start runs, with its arguments, working folder and elevation', () => {
    const started = (line: string, dialect: 'pwsh' | 'cmd'): string[] =>
      extractPowerShell(line, dialect).commands.filter((c) => c.via.some((v) => v.kind === 'wrapper')).map((c) => [c.program, ...c.args.map((a) => a.value), `in ${c.cwd ?? '.'}`, c.elevated ? 'elevated' : ''].join(' ').trim());
    assert.deepEqual(started("Start-Process diskpart -ArgumentList '/s wipe.txt' -Verb RunAs -Wait", 'pwsh'), ['diskpart /s wipe.txt in . elevated']);
    assert.deepEqual(started("Start-Process -FilePath diskpart.exe -ArgumentList '/s','wipe.txt' -WorkingDirectory C:\\work", 'pwsh'), ['diskpart /s wipe.txt in C:\\work']);
    assert.deepEqual(started("saps cmd '/c rd /s /q C:\\x'", 'pwsh'), ['cmd /c rd /s /q C:\\x in .', 'rd /s /q C:\\x in .']);
    // An array expression is not one of the command's words; it is read from the text.
    assert.deepEqual(started("Start-Process cmd -ArgumentList @('/c', 'rd /s /q C:\\x') -Wait; Start-Process npm ('run', 'build')", 'pwsh'), ['cmd /c rd /s /q C:\\x in .', 'rd /s /q C:\\x in .', 'npm run build in .']);
    assert.deepEqual(started('start "title" /d C:\\work /wait /affinity 3 diskpart /s wipe.txt', 'cmd'), ['diskpart /s wipe.txt in C:\\work']);
    assert.deepEqual(started('start "" "C:\\Program Files\\App\\app.exe" --x', 'cmd'), ['app --x in .']);
    // A URL opens in its program; -WhatIf starts nothing.
    assert.deepEqual(started('Start-Process https://example.com; Start-Process notepad -WhatIf', 'pwsh'), []);
    assert.deepEqual(started('start "" https://example.com', 'cmd'), []);
    assert.deepEqual(extractPowerShell('Start-Process $exe', 'pwsh').issues.map((i) => i.message), ['Start-Process runs a program or arguments computed at run time, so it cannot be checked']);
  });

  it('gives each command the folder the line\'s cd, Set-Location, pushd and popd left it in, in the order they are written', () => {
    const folders = (line: string, dialect: 'pwsh' | 'cmd'): string[] => extractPowerShell(line, dialect).commands.filter((c) => !/^(cd|chdir|sl|set-location|pushd|push-location|popd|pop-location)$/.test(c.program)).map((c) => `${c.program} ${(c.cwd ?? '.').replace('\u0000', '?')}${c.cwdSameDriveOnly ? ' (same drive)' : ''}`);
    assert.deepEqual(folders('dir & cd /d C:\\work && cd sub & diskpart /s a.txt & cd .. & pushd D:\\x & diskpart /s b.txt & popd & diskpart /s c.txt', 'cmd'), ['dir .', 'diskpart C:\\work\\sub', 'diskpart D:\\x', 'diskpart C:\\work']);
    // cd without /d: to another drive it stays; before the drive is known, it holds on that drive only.
    assert.deepEqual(folders('cd /d C:\\a && cd D:\\b && x', 'cmd'), ['x C:\\a']);
    assert.deepEqual(folders('cd C:\\b && x', 'cmd'), ['x C:\\b (same drive)']);
    assert.deepEqual(folders('cd /d C:\\Program Files\\App && x & cd ..\\..\\.. && y', 'cmd'), ['x C:\\Program Files\\App', 'y C:\\']);
    assert.deepEqual(folders('cd && x & cd D: && y', 'cmd'), ['x .', 'y .']);
    assert.deepEqual(folders('cd /d %TEMP% && x & cd sub && y', 'cmd'), ['x ?', 'y ?']);
    assert.deepEqual(folders('Set-Location -Path C:\\a; x; sl -LiteralPath b; y; cd $env:TEMP; z', 'pwsh'), ['x C:\\a', 'y C:\\a\\b', 'z ?']);
    assert.deepEqual(folders('Push-Location D:\\x; a; Push-Location -StackName s; Pop-Location; b; cd -; c', 'pwsh'), ['a D:\\x', 'b .', 'c ?']);
    // The grammar hands nested blocks over last; the cd in the block still comes first.
    assert.deepEqual(folders('if ($ok) { cd tools }; diskpart /s a.txt', 'pwsh'), ['diskpart tools']);
    // A folder the command runs in is passed on to a nested shell.
    assert.deepEqual(folders('cd /d C:\\a && cmd /c "diskpart /s w.txt"', 'cmd'), ['cmd C:\\a', 'diskpart C:\\a']);
  });

  it('reads a variable the line assigned a constant as its value, in the grammar and in the tokenizer', () => {
    const targets = (line: string): string[] => extractPowerShell(line, 'pwsh').commands.filter((c) => c.program === 'remove-item').map((c) => c.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value.split('\u0000').join('')).join(','));
    assert.deepEqual(targets("$p = 'C:\\Users'; Remove-Item $p -Recurse; Remove-Item \"$p\\dev\""), ['C:\\Users', 'C:\\Users\\dev']);
    assert.deepEqual(targets("$p = 'C:\\Users'; $p = 'dist'; Remove-Item $p"), ['dist']);
    assert.deepEqual(targets("Remove-Item $p; $p = 'C:\\Users'"), ['$p']);
    assert.deepEqual(targets("$p = Read-Host; Remove-Item $p"), ['$p']);
    assert.deepEqual(targets("foreach ($d in 'C:\\a', 'D:\\b') { Remove-Item $d }"), ['C:\\a,D:\\b']);
    // The grammar rejects `$env:TEMP\\x`: the tokenizer reads the line, and its assignments too.
    assert.equal(grammarStatements("$d = 'C:\\Users'; Remove-Item $env:TEMP\\x; Remove-Item $d\\dev"), undefined);
    assert.deepEqual(targets("$d = 'C:\\Users'; Remove-Item $env:TEMP\\x; Remove-Item $d\\dev"), ['$env:TEMP\\x', 'C:\\Users\\dev']);
    assert.deepEqual(issues("$ErrorActionPreference = 'Stop'; Remove-Item $env:TEMP\\x"), []);
    assert.deepEqual(programs('$items = Get-ChildItem $env:TEMP\\x; $items'), ['get-childitem']);
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
