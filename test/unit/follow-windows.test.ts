/**
 * Following on Windows: a `C:\proj`, `C:/proj` or `\\server\share` working folder, with the
 * reader's flavour given explicitly (the adapter chooses it from the platform), so this runs on
 * Linux with an in-memory reader holding Windows paths.
 */
import assert from 'node:assert/strict';
import { judgeCommand } from '../../src/core/engine';
import { WIN32_PATHS } from '../../src/core/path-flavour';
import type { CommandContext, CommandResult, ShellKind } from '../../src/core/types';
import { memoryFiles, type MemoryFiles } from '../helpers/memory-files';

const pkg = (scripts: Record<string, string>): string => `${JSON.stringify({ name: 'app', scripts }, null, 2)}\n`;

function judge(line: string, files: Record<string, string>, opts: { cwd?: string; root?: string; shell?: ShellKind } = {}): { result: CommandResult; reader: MemoryFiles } {
  const reader: MemoryFiles = { ...memoryFiles(files), flavour: 'win32' };
  const root = opts.root ?? 'C:\\proj';
  const ctx: CommandContext = { cwd: opts.cwd ?? 'C:\\proj', ...(root ? { workspaceRoot: root } : {}), home: 'C:\\Users\\me', shell: opts.shell ?? 'pwsh', files: reader };
  return { result: judgeCommand(line, { ctx }).result, reader };
}

describe('following with a Windows working folder', () => {
  it('follows npm run clean in C:\\proj to rimraf of the home folder, in every shell', () => {
    const files = { 'C:\\proj\\package.json': pkg({ clean: 'rimraf C:\\Users\\me', build: 'tsc -p .' }) };
    for (const shell of ['pwsh', 'cmd', 'bash'] as const) {
      const { result, reader } = judge('npm run clean', files, { shell });
      assert.equal(result.decision, 'gate', shell);
      const f = result.findings.find((x) => x.ruleId === 'FS001');
      assert.ok(f, `${shell}: ${JSON.stringify(result.findings)}`);
      assert.deepEqual(f.via?.map((v) => [v.file, v.text]), [['package.json', 'rimraf C:\\Users\\me']]);
      assert.deepEqual(reader.reads, ['C:\\proj\\package.json'], 'the reader is handed the path as Windows writes it');
      assert.equal(judge('npm run build', files, { shell }).result.decision, 'allow', `${shell}: the everyday script stays quiet`);
    }
  });

  it('takes C:/proj and a lower-case drive with a trailing separator as the same folder', () => {
    const files = { 'C:\\proj\\package.json': pkg({ clean: 'rimraf C:\\Users\\me' }) };
    for (const cwd of ['C:/proj', 'c:\\proj\\']) assert.equal(judge('npm run clean', files, { cwd, root: cwd }).result.decision, 'gate', cwd);
  });

  it('follows a script that deletes with Remove-Item through pwsh, and one a package script runs with cmd.exe', () => {
    const files = { 'C:\\proj\\package.json': pkg({ wipe: 'pwsh -NoProfile -Command "Remove-Item -Recurse -Force C:\\Users\\me"', reset: 'rmdir /s /q C:\\Users\\me', all: 'npm run reset' }) };
    assert.equal(judge('npm run wipe', files).result.decision, 'gate');
    const reset = judge('npm run all', files, { shell: 'cmd' }).result;
    assert.equal(reset.decision, 'gate');
    assert.deepEqual(reset.findings[0].via?.map((v) => v.text), ['npm run reset', 'rmdir /s /q C:\\Users\\me']);
  });

  it('follows in a \\\\server\\share folder and names a file outside the workspace as Windows writes it', () => {
    const files = { '\\\\srv\\team\\app\\package.json': pkg({ clean: 'rimraf C:\\Users\\me' }) };
    assert.equal(judge('npm run clean', files, { cwd: '\\\\srv\\team\\app', root: '\\\\srv\\team\\app' }).result.decision, 'gate');
    const missing = judge('node D:\\tools\\x.js', {}, { shell: 'cmd' }).result;
    assert.match(missing.findings.map((f) => f.message).join(' '), /D:\\tools\\x\.js does not exist/);
  });

  it('finds package.json and tasks.py from a sub-folder up, and never above the drive', () => {
    const files = { 'C:\\proj\\package.json': pkg({ clean: 'rimraf C:\\Users\\me' }), 'C:\\proj\\tasks.py': 'from invoke import task\n\n@task\ndef wipe(c):\n    c.run("rd /s /q C:\\\\Users\\\\me")\n' };
    for (const line of ['npm run clean', 'invoke wipe']) assert.equal(judge(line, files, { cwd: 'C:\\proj\\src\\lib', shell: 'cmd' }).result.decision, 'gate', line);
    // Without a workspace the walk up ends at the drive's root.
    const { reader } = judge('npm run clean', {}, { cwd: 'D:\\x', root: '' });
    assert.deepEqual(reader.reads, ['D:\\x\\package.json', 'D:\\package.json']);
  });

  it('reads the script diskpart /s names from the folder the line moved to with cd, cd /d, pushd, chdir or Set-Location', () => {
    const files = { 'C:\\work\\wipe.txt': 'select disk 1\nclean\n', 'C:\\work\\list.txt': 'list disk\n', 'C:\\proj\\wipe.txt': 'list disk\n', 'C:\\proj\\sub\\wipe.txt': 'select disk 2\nclean all\n', 'D:\\work\\wipe.txt': 'select disk 3\nclean\n' };
    const read = (line: string, shell: ShellKind): { decision: string; reads: string[]; message: string } => {
      const { result, reader } = judge(line, files, { shell });
      return { decision: result.decision, reads: reader.reads, message: result.findings.map((f) => f.message).join(' | ') };
    };
    const wiped: [ShellKind, string, string][] = [
      ['cmd', 'cd /d C:\\work && diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
      // cd without /d moves within the drive the line starts on (C:).
      ['cmd', 'cd C:\\work && diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
      ['cmd', 'cd /d D:\\work & diskpart /s wipe.txt', 'D:\\work\\wipe.txt'],
      ['cmd', 'pushd D:\\work && diskpart /s wipe.txt && popd', 'D:\\work\\wipe.txt'],
      ['cmd', 'chdir \\work && diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
      ['cmd', 'cd sub && diskpart /s wipe.txt', 'C:\\proj\\sub\\wipe.txt'],
      ['pwsh', 'Set-Location C:\\work; diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
      ['pwsh', 'Set-Location -LiteralPath "C:\\work"; diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
      ['pwsh', 'sl -Path D:\\work; diskpart /s wipe.txt', 'D:\\work\\wipe.txt'],
      ['pwsh', 'Push-Location C:\\work; diskpart /s wipe.txt; Pop-Location', 'C:\\work\\wipe.txt'],
      // A cd in a block runs before the diskpart after it, whatever order the reader meets them in.
      ['pwsh', 'if ($env:CI) { cd C:\\work }; diskpart /s wipe.txt', 'C:\\work\\wipe.txt'],
    ];
    for (const [shell, line, file] of wiped) {
      const r = read(line, shell);
      assert.equal(r.decision, 'gate', `${shell}: ${line}`);
      assert.deepEqual(r.reads, [file], `${shell}: ${line}`);
      // Named as Windows writes it; a file in the project, from the project's folder.
      assert.ok(r.message.includes(`The diskpart script ${file.startsWith('C:\\proj\\') ? file.slice(8).replace(/\\/g, '/') : file} `), `${shell}: ${line}: ${r.message}`);
    }
    // Back where it started, or never moved: the project's own wipe.txt, which only lists.
    const quiet: [ShellKind, string, string][] = [
      ['cmd', 'cd /d C:\\work && diskpart /s list.txt', 'C:\\work\\list.txt'],
      // cd D:\work without /d sets D:'s folder and stays on C:.
      ['cmd', 'cd D:\\work && diskpart /s wipe.txt', 'C:\\proj\\wipe.txt'],
      ['cmd', 'pushd C:\\work && popd && diskpart /s wipe.txt', 'C:\\proj\\wipe.txt'],
      ['cmd', 'cd && diskpart /s wipe.txt', 'C:\\proj\\wipe.txt'],
      ['pwsh', 'Push-Location C:\\work; Pop-Location; diskpart /s wipe.txt', 'C:\\proj\\wipe.txt'],
      ['pwsh', 'Set-Location C:\\work; Write-Output "cd C:\\x"; diskpart /s list.txt', 'C:\\work\\list.txt'],
    ];
    for (const [shell, line, file] of quiet) {
      const r = read(line, shell);
      assert.equal(r.decision, 'allow', `${shell}: ${line}: ${r.message}`);
      assert.deepEqual(r.reads, [file], `${shell}: ${line}`);
    }
    // A cd inside `cmd /c "…"` or `pwsh -c "…"` of a bash line moves what runs after it there.
    for (const line of ['cmd /c "cd /d C:\\work && diskpart /s list.txt"', 'pwsh -c "Set-Location C:\\work; diskpart /s list.txt"']) {
      const { result, reader } = judge(line, { ...files, 'C:\\proj\\list.txt': 'select disk 0\nclean\n' }, { shell: 'bash' });
      assert.equal(result.decision, 'allow', line);
      assert.deepEqual(reader.reads, ['C:\\work\\list.txt'], line);
    }
    // Start-Process -WorkingDirectory and start /d: the started diskpart reads from there.
    for (const [shell, line] of [['pwsh', "Start-Process diskpart -ArgumentList '/s list.txt' -WorkingDirectory C:\\work -Verb RunAs"], ['cmd', 'start "" /d C:\\work /wait diskpart /s list.txt']] as [ShellKind, string][]) {
      const { result, reader } = judge(line, { ...files, 'C:\\proj\\list.txt': 'select disk 0\nclean\n' }, { shell });
      assert.equal(result.decision, 'allow', line);
      assert.deepEqual(reader.reads, ['C:\\work\\list.txt'], line);
      assert.equal(judge(line.replace('list.txt', 'wipe.txt'), files, { shell }).result.decision, 'gate', line);
    }
    // A folder computed at run time, or another drive's own folder: the file is not read, and diskpart's stand-in gate stays.
    for (const [shell, line] of [['pwsh', 'cd $env:TEMP; diskpart /s wipe.txt'], ['cmd', 'cd /d %TEMP% && diskpart /s wipe.txt'], ['cmd', 'cd /d D: && diskpart /s wipe.txt'], ['pwsh', 'Set-Location HKLM:\\Software; diskpart /s wipe.txt']] as [ShellKind, string][]) {
      const r = read(line, shell);
      assert.equal(r.decision, 'gate', `${shell}: ${line}`);
      assert.deepEqual(r.reads, [], `${shell}: ${line}`);
      assert.match(r.message, /diskpart erases a whole volume or disk/, `${shell}: ${line}`);
    }
  });

  it('follows other runners from the folder the line moved to as well (npm, scripts), and says when that folder is computed', () => {
    const files = { 'C:\\work\\package.json': pkg({ clean: 'rimraf C:\\Users\\me' }), 'C:\\proj\\package.json': pkg({ clean: 'rimraf dist' }) };
    for (const [shell, line] of [['pwsh', 'cd C:\\work; npm run clean'], ['pwsh', 'Push-Location -Path C:\\work; npm run clean'], ['cmd', 'cd /d C:\\work && npm run clean']] as [ShellKind, string][]) {
      const { result, reader } = judge(line, files, { shell });
      assert.equal(result.decision, 'gate', `${shell}: ${line}`);
      assert.deepEqual(reader.reads, ['C:\\work\\package.json'], `${shell}: ${line}`);
    }
    assert.equal(judge('cd /d C:\\work && cd /d C:\\proj && npm run clean', files, { shell: 'cmd' }).result.decision, 'allow');
    const computed = judge('Set-Location $env:APP; npm run clean', files).result;
    assert.equal(computed.decision, 'warn');
    assert.match(computed.findings[0].message, /npm runs in a folder computed at run time/);
  });

  it('writes paths back as Windows does', () => {
    assert.equal(WIN32_PATHS.inner('C:\\a\\b'), '/C:/a/b');
    assert.equal(WIN32_PATHS.inner('c:/a/b/'), '/C:/a/b');
    assert.equal(WIN32_PATHS.inner('\\\\?\\C:\\a'), '/C:/a');
    assert.equal(WIN32_PATHS.inner('\\\\srv\\share\\x'), '/UNC/srv/share/x');
    assert.equal(WIN32_PATHS.inner('\\\\?\\UNC\\srv\\share'), '/UNC/srv/share');
    assert.equal(WIN32_PATHS.inner('proj\\x'), undefined);
    assert.equal(WIN32_PATHS.native('/C:/a/b'), 'C:\\a\\b');
    assert.equal(WIN32_PATHS.native('/C:'), 'C:\\');
    assert.equal(WIN32_PATHS.native('/UNC/srv/share/x'), '\\\\srv\\share\\x');
  });
});
