/**
 * A home, a workspace, its repository and the folders beside it that sit inside the temp folder
 * (CI images, containers and agent sandboxes set HOME=/tmp/u or work in /tmp/x/proj) are the
 * user's, not temp: a command against them is judged exactly as in a normal layout. A clone an
 * agent made in the temp folder, outside all of those, stays temp and quiet.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateCommand } from '../../src/core/engine';
import type { CommandContext, CommandResult } from '../../src/core/types';

const base: CommandContext = { gitBranch: 'feature/x', defaultBranch: 'main', tempDirs: ['/tmp'], shell: 'bash' };

function judge(line: string, ctx: CommandContext): CommandResult {
  return evaluateCommand(line, { ctx: { ...base, ...ctx } });
}

/** What a stressed engineer sees: the decision, and each finding's rule and severity. */
function verdict(r: CommandResult): string {
  return `${r.decision} ${r.findings.map((f) => `${f.ruleId}/${f.severity}`).join(',')}`;
}

function why(r: CommandResult): string {
  return r.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') || 'no findings';
}

/**
 * The same layout twice, once in a normal place and once inside /tmp. `{H}` is the home, `{W}`
 * the workspace (also cwd), `{P}` the folder holding it; each line must be judged the same in both.
 */
interface Layout {
  name: string;
  normal: { home: string; ws: string };
  temp: { home: string; ws: string; tempDirs?: string[] };
  lines: { line: string; gate?: boolean; shell?: 'pwsh' }[];
}

const LAYOUTS: Layout[] = [
  {
    name: 'home under the temp folder (HOME=/tmp/u)',
    normal: { home: '/home/u', ws: '/home/u/work/proj' },
    temp: { home: '/tmp/u', ws: '/tmp/u/work/proj' },
    lines: [
      { line: 'rm -rf ~', gate: true },
      { line: 'rm -rf $HOME', gate: true },
      { line: 'rm -rf ${HOME}', gate: true },
      { line: 'rm -rf "$HOME"', gate: true },
      { line: 'rm -rf ~/', gate: true },
      { line: 'rm -rf "$HOME"/', gate: true },
      { line: 'rm -rf {H}', gate: true },
      { line: 'rm -rf {H}/', gate: true },
      { line: 'cd ~ && rm -rf *', gate: true },
      { line: 'cd $HOME; rm -rf ./*', gate: true },
      { line: 'cd && rm -rf .', gate: true },
      { line: 'bash -c "rm -rf ~/"', gate: true },
      { line: "sh -c 'rm -rf $HOME'", gate: true },
      { line: 'rm -rf ../..', gate: true },
      { line: 'rm -rf ~/work', gate: true },
      { line: 'rm -rf ~/.ssh', gate: true },
      { line: 'rm -rf ~/.config', gate: true },
      { line: 'rm ~/.ssh/id_ed25519', gate: true },
      { line: 'find ~ -delete', gate: true },
      { line: 'find ~ -name "*.log" -delete', gate: true },
      { line: 'chmod -R 777 ~', gate: true },
      { line: 'mv ~ /var/backups/old-home', gate: true },
      { line: 'rsync -a --delete empty/ ~/', gate: true },
      { line: `python3 -c "import shutil; shutil.rmtree('{H}')"`, gate: true },
      // PowerShell on Linux and macOS: $HOME and POSIX paths as in bash.
      { line: 'Remove-Item -Recurse -Force ~', gate: true, shell: 'pwsh' },
      { line: 'Remove-Item -Recurse -Force $HOME', gate: true, shell: 'pwsh' },
      { line: 'Remove-Item -Recurse -Force $env:HOME', gate: true, shell: 'pwsh' },
      { line: 'Remove-Item -Recurse -Force {H}', gate: true, shell: 'pwsh' },
      { line: 'rm -r -fo $HOME/.ssh', gate: true, shell: 'pwsh' },
      { line: 'rm -rf ~/.cache/pip', gate: false },
      { line: 'rm -rf ~/.npm', gate: false },
      { line: 'rm -rf node_modules dist', gate: false },
      { line: 'rm -rf /tmp/build-xyz', gate: false },
    ],
  },
  {
    name: 'workspace under the temp folder (/tmp/x/proj)',
    normal: { home: '/home/u', ws: '/srv/x/proj' },
    temp: { home: '/home/u', ws: '/tmp/x/proj' },
    lines: [
      { line: 'rm -rf ../other-project', gate: true },
      { line: 'rm -rf {P}/other-project', gate: true },
      { line: 'rm -rf ../other-project/src', gate: true },
      { line: 'cd .. && rm -rf other-project', gate: true },
      { line: 'cd .. && rm -rf proj', gate: true },
      { line: 'rm -rf ..', gate: true },
      { line: 'rm -rf ../', gate: true },
      { line: 'rm -rf {P}', gate: true },
      { line: 'rm -rf ../*', gate: true },
      { line: 'cd .. && rm -rf *', gate: true },
      { line: 'rm -rf {W}', gate: true },
      { line: 'rm -rf .', gate: true },
      { line: 'rm -rf src', gate: true },
      { line: 'rm -rf ../other-project/.git', gate: true },
      { line: 'mv {P} {P}.old', gate: true },
      { line: 'Remove-Item -Recurse -Force {P}', gate: true, shell: 'pwsh' },
      { line: 'Remove-Item -Recurse -Force ../other-project', gate: true, shell: 'pwsh' },
      { line: 'rm -rf ../other-project/node_modules', gate: false },
      { line: 'rm -rf node_modules', gate: false },
      { line: 'rm -rf /var/tmp/clone', gate: false },
    ],
  },
];

function fill(line: string, l: { home: string; ws: string }): string {
  const parent = l.ws.slice(0, l.ws.lastIndexOf('/'));
  return line.replaceAll('{H}', l.home).replaceAll('{W}', l.ws).replaceAll('{P}', parent);
}

describe('temp folder: a home or workspace inside it is judged as in a normal place', () => {
  for (const layout of LAYOUTS) {
    describe(layout.name, () => {
      const normal: CommandContext = { home: layout.normal.home, cwd: layout.normal.ws, workspaceRoot: layout.normal.ws };
      const temp: CommandContext = { home: layout.temp.home, cwd: layout.temp.ws, workspaceRoot: layout.temp.ws, ...(layout.temp.tempDirs ? { tempDirs: layout.temp.tempDirs } : {}) };
      for (const { line, gate, shell } of layout.lines) {
        it(`${line} → ${gate ? 'gate' : 'not gated'}, as in a normal place`, () => {
          const inTemp = judge(fill(line, layout.temp), { ...temp, ...(shell ? { shell } : {}) });
          const inNormal = judge(fill(line, layout.normal), { ...normal, ...(shell ? { shell } : {}) });
          assert.equal(verdict(inTemp), verdict(inNormal), `under /tmp: ${why(inTemp)}\nnormal: ${why(inNormal)}`);
          assert.equal(inTemp.decision === 'gate', gate, why(inTemp));
        });
      }
    });
  }
});

describe('temp folder: what stays temp, and what is never temp', () => {
  const HOME_IN_TMP: CommandContext = { home: '/tmp/u', cwd: '/tmp/x/proj', workspaceRoot: '/tmp/x/proj' };
  const NORMAL: CommandContext = { home: '/home/u', cwd: '/home/u/proj', workspaceRoot: '/home/u/proj' };

  const cases: { name: string; line: string; ctx: CommandContext; want: 'allow' | 'gate'; says?: RegExp; severity?: string }[] = [
    // A clone an agent made in the temp folder, outside the user's places, stays temp.
    { name: 'a clone in /tmp, home and workspace also in /tmp', line: 'rm -rf /tmp/some-clone', ctx: HOME_IN_TMP, want: 'allow' },
    { name: 'inside a clone in /tmp', line: 'cd /tmp/some-clone && rm -rf src', ctx: HOME_IN_TMP, want: 'allow' },
    { name: 'a build folder in /tmp, normal home', line: 'rm -rf /tmp/build-xyz', ctx: NORMAL, want: 'allow' },
    { name: 'a glob in /tmp, normal home', line: 'rm -rf /tmp/*', ctx: NORMAL, want: 'allow' },
    { name: 'a computed path in /tmp, normal home', line: 'rm -rf "/tmp/$BUILD"', ctx: NORMAL, want: 'allow' },
    { name: 'find in /tmp, normal home', line: 'find /tmp -mtime +7 -delete', ctx: NORMAL, want: 'allow' },
    { name: 'what mktemp made, beside a workspace right in /tmp', line: 'd=$(mktemp -d) && rm -rf "$d"', ctx: { home: '/home/u', cwd: '/tmp/proj', workspaceRoot: '/tmp/proj' }, want: 'allow' },
    // A workspace right in /tmp does not make the rest of /tmp the user's.
    { name: 'a clone beside a workspace right in /tmp', line: 'rm -rf /tmp/some-clone', ctx: { home: '/home/u', cwd: '/tmp/proj', workspaceRoot: '/tmp/proj' }, want: 'allow' },
    { name: 'a file beside a workspace right in $TMPDIR', line: 'rm /sandbox/notes.txt', ctx: { home: '/home/u', cwd: '/sandbox/proj', workspaceRoot: '/sandbox/proj', tempDirs: ['/sandbox'] }, want: 'allow' },
    { name: 'but the workspace right in /tmp is', line: 'cd /tmp && rm -rf proj', ctx: { home: '/home/u', cwd: '/tmp/proj', workspaceRoot: '/tmp/proj' }, want: 'gate', severity: 'critical' },
    { name: 'and a glob over it is', line: 'rm -rf /tmp/*', ctx: { home: '/home/u', cwd: '/tmp/proj', workspaceRoot: '/tmp/proj' }, want: 'gate', severity: 'critical', says: /may be or hold the project \/tmp\/proj/ },
    { name: 'a workspace that is the temp folder itself does not make /tmp the project', line: 'rm -rf /tmp/x', ctx: { home: '/home/u', cwd: '/tmp', workspaceRoot: '/tmp' }, want: 'allow' },
    { name: 'PowerShell: a clone in /tmp', line: 'Remove-Item -Recurse -Force /tmp/some-clone', ctx: { ...HOME_IN_TMP, shell: 'pwsh' }, want: 'allow' },
    { name: 'a remote machine has its own /tmp', line: "ssh build-host 'rm -rf /tmp/u'", ctx: HOME_IN_TMP, want: 'allow' },

    // The home, its ancestors, and patterns that may name them.
    { name: 'the temp folder that holds the home', line: 'rm -rf /tmp', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical', says: /\/tmp \(which holds your home directory \/tmp\/u\)/ },
    { name: 'the parent of the home', line: 'rm -rf $HOME/..', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical', says: /holds your home directory/ },
    { name: 'a glob over the home', line: 'rm -rf /tmp/*', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical', says: /may be or hold your home directory \/tmp\/u/ },
    { name: 'a computed folder that may be the home', line: 'rm -rf "/tmp/$NAME"', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical', says: /"\/tmp\/\$NAME" \(which may be or hold your home directory/ },
    { name: 'find over the temp folder that holds the home', line: 'find /tmp -mtime +7 -delete', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical' },
    { name: 'the home by its absolute path', line: 'rm -rf /tmp/u', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical', says: /your home directory/ },
    { name: 'PowerShell: the home by its absolute path', line: 'Remove-Item -Recurse -Force /tmp/u', ctx: { ...HOME_IN_TMP, shell: 'pwsh' }, want: 'gate', severity: 'critical', says: /your home directory/ },
    { name: 'credentials in a home under /tmp', line: 'rm /tmp/u/.ssh/id_rsa', ctx: HOME_IN_TMP, want: 'gate' },

    // $TMPDIR that holds the home (a sandbox root), or that the home holds.
    { name: 'TMPDIR holds the home: the home', line: 'rm -rf ~', ctx: { home: '/sandbox/home', cwd: '/sandbox/home/proj', workspaceRoot: '/sandbox/home/proj', tempDirs: ['/sandbox'] }, want: 'gate', severity: 'critical' },
    { name: 'TMPDIR holds the home: the home by its path', line: 'rm -rf /sandbox/home', ctx: { home: '/sandbox/home', cwd: '/sandbox/work/proj', workspaceRoot: '/sandbox/work/proj', tempDirs: ['/sandbox/'] }, want: 'gate', severity: 'critical' },
    { name: 'TMPDIR holds the home: beside the workspace', line: 'rm -rf ../other', ctx: { home: '/sandbox/home', cwd: '/sandbox/work/proj', workspaceRoot: '/sandbox/work/proj', tempDirs: ['/sandbox'] }, want: 'gate' },
    { name: 'TMPDIR holds the home: scratch space stays temp', line: 'rm -rf /sandbox/scratch', ctx: { home: '/sandbox/home', cwd: '/sandbox/work/proj', workspaceRoot: '/sandbox/work/proj', tempDirs: ['/sandbox'] }, want: 'allow' },
    { name: 'TMPDIR inside the home stays temp', line: 'rm -rf ~/tmp/build', ctx: { ...NORMAL, tempDirs: ['/home/u/tmp'] }, want: 'allow' },
    { name: 'HOME=/tmp: the home itself', line: 'rm -rf ~', ctx: { home: '/tmp', cwd: '/srv/proj', workspaceRoot: '/srv/proj' }, want: 'gate', severity: 'critical' },
    { name: 'HOME=/tmp: credentials', line: 'rm -rf /tmp/.ssh', ctx: { home: '/tmp', cwd: '/srv/proj', workspaceRoot: '/srv/proj' }, want: 'gate', severity: 'critical' },
    { name: 'HOME=/tmp: a build folder stays temp', line: 'rm -rf /tmp/build-xyz', ctx: { home: '/tmp', cwd: '/srv/proj', workspaceRoot: '/srv/proj' }, want: 'allow' },

    // macOS: /tmp and /var are links into /private; TMPDIR ends with a slash.
    { name: 'macOS: the home under /private/tmp named through /tmp', line: 'rm -rf /tmp/u', ctx: { home: '/private/tmp/u', cwd: '/private/tmp/u/proj', workspaceRoot: '/private/tmp/u/proj' }, want: 'gate', severity: 'critical' },
    { name: 'macOS: the home under /tmp named through /private/tmp', line: 'rm -rf /private/tmp/u', ctx: HOME_IN_TMP, want: 'gate', severity: 'critical' },
    {
      name: 'macOS: the folder holding a workspace in $TMPDIR, named through /var',
      line: 'rm -rf /var/folders/ab/xyz/T/x',
      ctx: { home: '/Users/u', cwd: '/private/var/folders/ab/xyz/T/x/proj', workspaceRoot: '/private/var/folders/ab/xyz/T/x/proj', tempDirs: ['/var/folders/ab/xyz/T/'] },
      want: 'gate',
      severity: 'critical',
    },
    { name: 'macOS: a clone in $TMPDIR stays temp', line: 'rm -rf /private/var/folders/ab/xyz/T/clone', ctx: { home: '/Users/u', cwd: '/Users/u/proj', workspaceRoot: '/Users/u/proj', tempDirs: ['/var/folders/ab/xyz/T/'] }, want: 'allow' },

    // Every folder of a multi-root workspace, and the repositories that hold them.
    { name: 'multi-root: another folder', line: 'rm -rf /tmp/y/b', ctx: { ...HOME_IN_TMP, workspaceFolders: ['/tmp/y/b'] }, want: 'gate', severity: 'critical', says: /the whole project/ },
    { name: 'multi-root: source in another folder', line: 'rm -rf /tmp/y/b/src', ctx: { ...HOME_IN_TMP, workspaceFolders: ['/tmp/y/b'] }, want: 'gate' },
    { name: 'multi-root: build output in another folder', line: 'rm -rf /tmp/y/b/node_modules', ctx: { ...HOME_IN_TMP, workspaceFolders: ['/tmp/y/b'] }, want: 'allow' },
    { name: 'multi-root: beside another folder', line: 'rm -rf /tmp/y/c', ctx: { ...HOME_IN_TMP, workspaceFolders: ['/tmp/y/b'] }, want: 'gate' },
    { name: 'the repository that holds the workspace', line: 'rm -rf ../..', ctx: { home: '/home/u', cwd: '/tmp/x/repo/packages/app', workspaceRoot: '/tmp/x/repo/packages/app', repositoryRoots: ['/tmp/x/repo'] }, want: 'gate', severity: 'critical', says: /holds the project/ },
    { name: 'another package of the repository', line: 'rm -rf /tmp/x/repo/packages/api', ctx: { home: '/home/u', cwd: '/tmp/x/repo/packages/app', workspaceRoot: '/tmp/x/repo/packages/app', repositoryRoots: ['/tmp/x/repo'] }, want: 'gate' },
    { name: 'the main working tree of a worktree', line: 'rm -rf /tmp/main-clone', ctx: { home: '/home/u', cwd: '/tmp/wt/feature', workspaceRoot: '/tmp/wt/feature', repositoryRoots: ['/tmp/wt/feature', '/tmp/main-clone'] }, want: 'gate', severity: 'critical' },

    // Outside the temp folder too, a folder above the project holds all of it, whatever its name.
    { name: 'an ancestor named like build output', line: 'rm -rf /srv/build', ctx: { home: '/home/u', cwd: '/srv/build/proj', workspaceRoot: '/srv/build/proj' }, want: 'gate', severity: 'critical' },
    { name: 'the cache folder that holds the project', line: 'rm -rf ~/.cache', ctx: { home: '/home/u', cwd: '/home/u/.cache/agent/proj', workspaceRoot: '/home/u/.cache/agent/proj' }, want: 'gate', severity: 'critical' },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.line} → ${c.want}`, () => {
      const r = judge(c.line, c.ctx);
      assert.equal(r.decision, c.want, why(r));
      if (c.severity) assert.equal(r.severity, c.severity, why(r));
      if (c.says) assert.match(why(r), c.says);
    });
  }
});

describe("PowerShell: $HOME and ~ are the home, on Windows too", () => {
  const WINDOWS: CommandContext = { home: 'C:\\Users\\u', cwd: 'C:\\Users\\u\\proj', workspaceRoot: 'C:\\Users\\u\\proj', tempDirs: ['C:\\Users\\u\\AppData\\Local\\Temp'], shell: 'pwsh' };
  const cases: { line: string; severity: string; says: RegExp }[] = [
    { line: 'Remove-Item -Recurse -Force ~', severity: 'critical', says: /your home directory/ },
    { line: 'Remove-Item -Recurse -Force $HOME', severity: 'critical', says: /your home directory/ },
    { line: 'Remove-Item -Recurse -Force $env:HOME', severity: 'critical', says: /your home directory/ },
    { line: 'Remove-Item -Recurse -Force $HOME\\.ssh', severity: 'critical', says: /~\/\.ssh \(credentials\)/ },
    { line: 'Remove-Item -Recurse -Force ~\\Documents', severity: 'critical', says: /your ~\/Documents folder/ },
    { line: 'Remove-Item -Recurse -Force ~\\..', severity: 'critical', says: /C:\\Users/ },
  ];
  for (const c of cases) {
    it(`${c.line} → ${c.severity}`, () => {
      const r = judge(c.line, WINDOWS);
      assert.equal(r.decision, 'gate', why(r));
      assert.equal(r.severity, c.severity, why(r));
      assert.match(why(r), c.says);
    });
  }
  it('a cache under the home stays quiet', () => {
    assert.equal(judge('Remove-Item -Recurse -Force ~\\.cache\\pip', WINDOWS).decision, 'allow');
  });
});

describe('temp folder: judging paths against the user\'s places stays bounded', () => {
  const DEEP = `/tmp/${Array.from({ length: 60 }, (_, i) => `d${i}`).join('/')}`;
  const ctx: CommandContext = { home: `${DEEP}/home`, cwd: `${DEEP}/ws`, workspaceRoot: `${DEEP}/ws`, workspaceFolders: [`${DEEP}/a`, `${DEEP}/b`], repositoryRoots: [DEEP], tempDirs: ['/tmp', DEEP] };

  it('expansions that may hold any number of folders, against deep places: answered at once, on the safe side', function () {
    this.timeout(10_000);
    const line = `rm -rf /tmp/${Array.from({ length: 40 }, (_, i) => `$v${i}`).join('/')}/x*y`;
    const started = Date.now();
    const r = judge(line, ctx);
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
    assert.equal(r.decision, 'gate', why(r));
  });

  it('any path-shaped line, in a layout inside /tmp: a well-formed answer', () => {
    const seg = fc.constantFrom('tmp', 'u', 'x', 'proj', 'other', '..', '.', '*', '$X', '${HOME}', '~', 'node_modules', '.git', '[ab]', 'd0', 'd1');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 12 }), fc.boolean(), fc.constantFrom('rm -rf', 'find', 'mv', 'chmod -R 777', 'Remove-Item -Recurse'), (segs, absolute, verb) => {
        const line = `${verb} ${absolute ? '/' : ''}${segs.join('/')}${verb === 'find' ? ' -delete' : verb === 'mv' ? ' /tmp/elsewhere' : ''}`;
        const r = judge(line, { ...ctx, shell: verb.startsWith('Remove') ? 'pwsh' : 'bash' });
        assert.ok(['allow', 'warn', 'gate'].includes(r.decision));
        for (const f of r.findings) assert.ok(f.message.length > 0 && !f.message.includes('\u0000'), f.message);
      }),
      { numRuns: 500 },
    );
  });
});
