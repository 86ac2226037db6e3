/**
 * Following what a line runs (src/core/follow/), in the pure core with an in-memory reader: the
 * bounds (depth, files, bytes, time, cycles), what a line without a runner costs, the chain and
 * its span, secrets kept out of it, unsaved editor text, the allow entry that keeps a chain, and
 * each mechanism's own reading (package scripts, make, just, task, scripts, containers).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateCommand, judgeCommand } from '../../src/core/engine';
import { chainText } from '../../src/core/follow/chain';
import { FOLLOW_LIMITS, newFollowState, readFollowed, spentNote } from '../../src/core/follow/state';
import { withScriptPaths } from '../../src/core/follow/shell-scripts';
import { DEFAULT_POLICY, normalizePolicy, type Policy } from '../../src/core/policy';
import { withAllowEntry } from '../../src/core/settings';
import { prefilterAllows } from '../../src/core/prefilter';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles, type MemoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';

function inWs(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k.startsWith('/') ? k : `${WS}/${k}`, v]));
}

function judge(line: string, files: Record<string, string>, opts: { cwd?: string; unsaved?: Record<string, string>; policy?: Policy } = {}): { result: CommandResult; reader: MemoryFiles } {
  const reader = memoryFiles(inWs(files), { unsaved: opts.unsaved ? inWs(opts.unsaved) : undefined });
  const ctx: CommandContext = { ...TEST_CONTEXT, cwd: opts.cwd ?? WS, repositoryRoots: [WS], files: reader };
  return { result: judgeCommand(line, { ctx, policy: opts.policy }).result, reader };
}

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}): string => `${JSON.stringify({ name: 'app', ...extra, scripts }, null, 2)}\n`;

/** `n` scripts, each running the next; the last deletes src. */
function chainOf(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i < n; i++) files[`s${i}.sh`] = `#!/bin/sh\necho step ${i}\n./s${i + 1}.sh\n`;
  files[`s${n}.sh`] = '#!/bin/sh\nrm -rf src\n';
  return files;
}

describe('following what a line runs', () => {
  describe('bounds', () => {
    it('follows four files deep and stops, without a word, past that', () => {
      // The line runs s1.sh (depth 1), which runs s2.sh, … the deletion is in the last one.
      assert.equal(judge('./s1.sh', chainOf(FOLLOW_LIMITS.depth)).result.decision, 'gate');
      const deeper = judge('./s1.sh', chainOf(FOLLOW_LIMITS.depth + 1)).result;
      assert.equal(deeper.decision, 'allow');
      assert.deepEqual(deeper.findings, [], 'a spent budget is not a warning');
      // It is said, though: the result carries a note of what was not read, and why.
      assert.match(deeper.notes?.join(' ') ?? 'no note', /^Not every file this line runs was read: files run 4 deep .* were reached\. It was judged by what was read \(5 files\)\.$/);
      assert.equal(judge('./s1.sh', chainOf(FOLLOW_LIMITS.depth)).result.notes, undefined, 'nothing to say within the budget');
    });

    it('reads at most 64 files for one line, and a monorepo past that is not a warning', () => {
      const files: Record<string, string> = { 'package.json': pkg({ test: 'npm test --workspaces' }, { workspaces: ['packages/*'] }) };
      for (let i = 0; i < 80; i++) files[`packages/p${String(i).padStart(2, '0')}/package.json`] = pkg({ test: i === 79 ? 'rm -rf src' : 'jest' }, { name: `p${i}` });
      const { result, reader } = judge('npm test --workspaces', files);
      assert.ok(reader.reads.length <= FOLLOW_LIMITS.files, `${reader.reads.length} reads`);
      assert.equal(result.decision, 'allow');
      assert.deepEqual(result.findings, []);
      assert.match(result.notes?.join(' ') ?? 'no note', /^Not every file this line runs was read: /);
      // The same deletion within the budget is found.
      files['packages/p00/package.json'] = pkg({ test: 'rm -rf src' }, { name: 'p0' });
      assert.equal(judge('npm test --workspaces', files).result.decision, 'gate');
    });

    it('reads at most 1 MiB for one line: a file too large for what is left is left alone, a file too large on its own is unanalyzable', () => {
      const pad = (n: number): string => `# ${'x'.repeat(n)}\n`;
      // a.sh runs twenty scripts of 60 KB each: the last ones are past 1 MiB.
      const files: Record<string, string> = { 'a.sh': Array.from({ length: 20 }, (_, i) => `./b${i}.sh\n`).join('') };
      for (let i = 0; i < 20; i++) files[`b${i}.sh`] = `${pad(60_000)}${i === 19 ? 'rm -rf src' : 'echo ok'}\n`;
      const spent = judge('./a.sh', files);
      assert.ok(spent.reader.reads.length < 21, 'not every script was read');
      assert.equal(spent.result.decision, 'allow');
      assert.deepEqual(spent.result.findings, []);
      assert.match(spent.result.notes?.join(' ') ?? 'no note', /^Not every file this line runs was read: /);
      files['b0.sh'] = 'rm -rf src\n';
      assert.equal(judge('./a.sh', files).result.decision, 'gate', 'within the budget');
      const huge = judge('bash huge.sh', { 'huge.sh': pad(FOLLOW_LIMITS.bytes + 10) }).result;
      assert.equal(huge.decision, 'warn');
      assert.match(huge.findings[0].message, /larger than the 1024 KB/);
    });

    it('stops when its time is up', () => {
      let t = 0;
      const reader = memoryFiles(inWs({ 'a.sh': 'echo a\n' }));
      const state = newFollowState(reader, { ...TEST_CONTEXT }, () => t);
      assert.equal(readFollowed(state, `${WS}/a.sh`, true).kind, 'text');
      t = FOLLOW_LIMITS.ms + 1;
      assert.equal(readFollowed(state, `${WS}/b.sh`, true).kind, 'spent');
      assert.equal(state.exhausted, true);
      assert.deepEqual(reader.reads, [`${WS}/a.sh`], 'nothing read once the time is up');
      assert.equal(spentNote(state), 'Not every file this line runs was read: the 250 ms allowed for reading them ran out. It was judged by what was read (1 file).');
    });

    it("counts the work by the reader's clock (CPU time), so a busy machine does not cut it short, within a wall-clock ceiling", () => {
      let work = 0;
      let wall = 0;
      const reader = { ...memoryFiles(inWs({ 'a.sh': 'echo a\n', 'b.sh': 'echo b\n', 'c.sh': 'echo c\n' })), clock: () => work };
      const state = newFollowState(reader, { ...TEST_CONTEXT }, undefined, () => wall);
      // Seconds went by on the wall while little work was done (other processes had the CPU).
      wall = FOLLOW_LIMITS.ms * 4;
      work = 10;
      assert.equal(readFollowed(state, `${WS}/a.sh`, true).kind, 'text');
      work = FOLLOW_LIMITS.ms + 11;
      assert.equal(readFollowed(state, `${WS}/b.sh`, true).kind, 'spent', 'the work budget is spent');
      assert.match(spentNote(state) ?? '', /the 250 ms allowed for reading them ran out\./);
      // However little work was done, the wall-clock ceiling holds.
      const slow = newFollowState({ ...memoryFiles(inWs({ 'a.sh': 'echo a\n' })), clock: () => 0 }, { ...TEST_CONTEXT }, undefined, () => wall);
      wall += FOLLOW_LIMITS.wallMs + 1;
      assert.equal(readFollowed(slow, `${WS}/a.sh`, true).kind, 'spent');
      assert.match(spentNote(slow) ?? '', /the 2 s allowed for reading them ran out \(the machine is busy\)/);
    });

    it('ends a cycle, reading each file once', () => {
      const { result, reader } = judge('./a.sh', { 'a.sh': '#!/bin/sh\n./b.sh\n', 'b.sh': '#!/bin/sh\n./a.sh\nrm -rf src\n' });
      assert.equal(result.decision, 'gate');
      assert.deepEqual(reader.reads, [`${WS}/a.sh`, `${WS}/b.sh`]);
      const scripts = judge('npm run a', { 'package.json': pkg({ a: 'npm run b', b: 'npm run a' }) });
      assert.equal(scripts.result.decision, 'allow');
    });

    it('a line that invokes no runner reads nothing, and the pre-filter answers it as before', () => {
      for (const line of ['git status', 'ls -la src', 'rm -rf dist', 'terraform plan', 'echo "npm run clean"', 'grep -r make .']) {
        const { reader } = judge(line, { 'package.json': pkg({ clean: 'rm -rf src' }), Makefile: 'all:\n\trm -rf src\n' });
        assert.deepEqual(reader.reads, [], line);
        assert.equal(prefilterAllows(line, 'bash', { follow: true }), prefilterAllows(line, 'bash'), line);
      }
      for (const line of ['npm test', 'make', './x.sh', 'python x.py', 'scripts/x', 'just', 'task build']) {
        assert.equal(prefilterAllows(line, 'bash', { follow: true }), false, line);
      }
      assert.equal(prefilterAllows('npm test', 'bash'), true, 'without a reader nothing changes');
    });

    it('without a reader nothing is followed', () => {
      const ctx = { ...TEST_CONTEXT };
      assert.equal(judgeCommand('npm run clean', { ctx }).result.decision, 'allow');
    });
  });

  describe('the chain', () => {
    it('names every step from the invoking words to the line that does it', () => {
      const { result } = judge('npm run reset', { 'package.json': pkg({ reset: 'bash scripts/wipe.sh' }), 'scripts/wipe.sh': '#!/bin/bash\nset -e\n\nrm -rf src\n' });
      const f = result.findings[0];
      assert.equal(f.ruleId, 'FS001');
      assert.deepEqual(f.span, { start: 0, end: 'npm run reset'.length });
      assert.deepEqual(f.via, [
        { file: 'package.json', line: 4, text: 'bash scripts/wipe.sh', label: 'scripts.reset' },
        { file: 'scripts/wipe.sh', line: 4, text: 'rm -rf src' },
      ]);
      assert.equal(chainText(result.command, f), 'npm run reset → package.json scripts.reset → bash scripts/wipe.sh → scripts/wipe.sh:4 → rm -rf src');
      assert.ok(result.chain, 'the result carries the digest of the files it read');
    });

    it('the span is the invoking words of the command that runs it, wherever it is on the line', () => {
      const line = 'git status && cd web && yarn clean --force';
      const { result } = judge(line, { 'web/package.json': pkg({ clean: 'rm -rf src' }) });
      const f = result.findings[0];
      assert.equal(line.slice(f.span.start, f.span.end), 'yarn clean');
      assert.equal(f.via?.[0].file, 'web/package.json');
    });

    it('never copies a secret into the chain or the message', () => {
      const secret = 'hunter2-Secr3t-Value';
      const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
      const { result } = judge('npm run reset-db', {
        'package.json': pkg({ 'reset-db': `PGPASSWORD=${secret} psql -h localhost -c 'DROP DATABASE app' && curl -H 'Authorization: token ${token}' https://x && rm -rf src` }),
      });
      assert.equal(result.decision, 'gate');
      const shown = JSON.stringify(result.findings);
      assert.ok(!shown.includes(secret) && !shown.includes(token), shown);
      assert.match(shown, /\[REDACTED\]/);
    });

    it('quotes one line of the file, cut short', () => {
      const long = `rm -rf src ${'--verbose '.repeat(60)}`;
      const f = judge('./x.sh', { 'x.sh': `#!/bin/sh\n${long}\necho next line\n` }).result.findings[0];
      assert.equal(f.via?.length, 1);
      assert.ok(f.via[0].text.length <= 160 && !f.via[0].text.includes('next line'));
    });
  });

  describe('unsaved editor text', () => {
    it('judges both the disk and the editor: the stronger answer wins', () => {
      const disk = { 'package.json': pkg({ clean: 'rm -rf dist' }) };
      assert.equal(judge('npm run clean', disk).result.decision, 'allow');
      assert.equal(judge('npm run clean', disk, { unsaved: { 'package.json': pkg({ clean: 'rm -rf src' }) } }).result.decision, 'gate');
      assert.equal(judge('npm run clean', { 'package.json': pkg({ clean: 'rm -rf src' }) }, { unsaved: { 'package.json': pkg({ clean: 'rm -rf dist' }) } }).result.decision, 'gate');
    });

    it('in a file another one brings in (an include, a compose file, a workspace list), both versions too', () => {
      const cases: { line: string; files: Record<string, string>; file: string; harmful: string; harmless: string }[] = [
        { line: 'make clean', files: { Makefile: 'include common.mk\nclean:\n\trm -rf $(OUT)\n' }, file: 'common.mk', harmful: 'OUT := src\n', harmless: 'OUT := dist\n' },
        { line: 'just reset', files: { justfile: 'import "db.just"\n' }, file: 'db.just', harmful: 'reset:\n    rm -rf src\n', harmless: 'reset:\n    echo reset\n' },
        { line: 'task db:reset', files: { 'Taskfile.yml': "version: '3'\nincludes:\n  db: ./db/Taskfile.yml\n" }, file: 'db/Taskfile.yml', harmful: "version: '3'\ntasks:\n  reset:\n    cmds:\n      - rm -rf ../src\n", harmless: "version: '3'\ntasks:\n  reset:\n    cmds:\n      - echo reset\n" },
        { line: 'docker compose run --rm web rm -rf /app/src', files: {}, file: 'compose.yaml', harmful: 'services:\n  web:\n    image: node:20\n    volumes:\n      - .:/app\n', harmless: 'services:\n  web:\n    image: node:20\n' },
        { line: 'pnpm -r run clean', files: { 'package.json': pkg({}), 'a/package.json': pkg({ clean: 'rm -rf dist' }), 'b/package.json': pkg({ clean: 'rm -rf src' }) }, file: 'pnpm-workspace.yaml', harmful: 'packages:\n  - b\n', harmless: 'packages:\n  - a\n' },
      ];
      for (const c of cases) {
        const bad = judge(c.line, { ...c.files, [c.file]: c.harmful }).result.decision;
        assert.notEqual(bad, 'allow', `${c.line}: the harmful version alone`);
        assert.equal(judge(c.line, { ...c.files, [c.file]: c.harmless }).result.decision, 'allow', `${c.line}: the harmless version alone`);
        assert.equal(judge(c.line, { ...c.files, [c.file]: c.harmful }, { unsaved: { [c.file]: c.harmless } }).result.decision, bad, `${c.line}: harmful on disk, harmless in the editor`);
        assert.equal(judge(c.line, { ...c.files, [c.file]: c.harmless }, { unsaved: { [c.file]: c.harmful } }).result.decision, bad, `${c.line}: harmless on disk, harmful in the editor`);
      }
    });
  });

  describe('an allow entry for a followed line', () => {
    it('keeps the chain it was made for and stops applying when a file in it changes', () => {
      const files = { 'package.json': pkg({ clean: 'bash scripts/clean.sh' }), 'scripts/clean.sh': 'rm -rf src\n' };
      const first = judge('npm run clean', files).result;
      assert.equal(first.decision, 'gate');
      const policy: Policy = { ...DEFAULT_POLICY, allow: [{ command: 'npm run clean', workspace: WS, chain: first.chain }] };
      assert.equal(judge('npm run clean', files, { policy }).result.decision, 'allow');
      // The script behind the same line changes: the entry no longer covers it.
      assert.equal(judge('npm run clean', { ...files, 'scripts/clean.sh': 'rm -rf src lib\n' }, { policy }).result.decision, 'gate');
      // An entry without a chain (written by hand) covers the line whatever the files say.
      const plain: Policy = { ...DEFAULT_POLICY, allow: [{ command: 'npm run clean', workspace: WS }] };
      assert.equal(judge('npm run clean', { ...files, 'scripts/clean.sh': 'rm -rf src lib\n' }, { policy: plain }).result.decision, 'allow');
    });

    it('the entry Always allow writes: kept with the chain, replaced for the new files, not beside the old', () => {
      const files = { 'package.json': pkg({ clean: 'bash scripts/clean.sh' }), 'scripts/clean.sh': 'rm -rf src\n' };
      const changed = { ...files, 'scripts/clean.sh': 'rm -rf src lib\n' };
      const other = { command: 'git push --force', workspace: WS };
      const policyOf = (list: unknown[]): Policy => normalizePolicy({ allow: list }).policy;
      const first = judge('npm run clean', files).result;
      const list = withAllowEntry([other], { command: 'npm run clean', workspace: WS, chain: first.chain })!;
      assert.deepEqual(list, [other, { command: 'npm run clean', workspace: WS, chain: first.chain }]);
      assert.equal(judge('npm run clean', files, { policy: policyOf(list) }).result.decision, 'allow');
      assert.equal(judge('npm run clean', changed, { policy: policyOf(list) }).result.decision, 'gate');
      // Allowed again for the changed script: the entry for the old one goes.
      const second = judge('npm run clean', changed, { policy: policyOf(list) }).result;
      assert.notEqual(second.chain, first.chain);
      const list2 = withAllowEntry(list, { command: 'npm run clean', workspace: WS, chain: second.chain })!;
      assert.deepEqual(list2, [other, { command: 'npm run clean', workspace: WS, chain: second.chain }]);
      assert.equal(judge('npm run clean', changed, { policy: policyOf(list2) }).result.decision, 'allow');
      assert.equal(judge('npm run clean', files, { policy: policyOf(list2) }).result.decision, 'gate');
      // Twice the same: nothing to write. A line that runs no file keeps a plain entry beside a chained one.
      assert.equal(withAllowEntry(list2, { command: 'npm run clean', workspace: WS, chain: second.chain }), undefined);
      assert.deepEqual(withAllowEntry(list2, { command: 'npm run clean', workspace: WS }), [...list2, { command: 'npm run clean', workspace: WS }]);
      assert.equal(judge('rm -rf src', {}).result.chain, undefined);
    });
  });

  describe('package scripts', () => {
    it('runs the pre and post scripts around the script, and only for the tools that do', () => {
      const files = (extra: Record<string, unknown> = {}): Record<string, string> => ({ 'package.json': pkg({ prebuild: 'rm -rf src', build: 'tsc', postbuild: 'echo ok' }, extra) });
      assert.equal(judge('npm run build', files()).result.decision, 'gate');
      assert.equal(judge('bun run build', files()).result.decision, 'gate');
      assert.equal(judge('yarn build', files()).result.decision, 'gate');
      assert.equal(judge('yarn build', files({ packageManager: 'yarn@4.2.0' })).result.decision, 'allow', 'Yarn 2+');
      assert.equal(judge('pnpm build', files()).result.decision, 'allow', 'pnpm without enable-pre-post-scripts');
      assert.equal(judge('pnpm build', { ...files(), '.npmrc': 'enable-pre-post-scripts=true\n' }).result.decision, 'gate');
      assert.equal(judge('npm run build --ignore-scripts', files()).result.decision, 'allow');
    });

    it('appends the arguments npm, pnpm and yarn pass on', () => {
      const files = { 'package.json': pkg({ rm: 'rm -rf' }) };
      assert.equal(judge('npm run rm -- src', files).result.decision, 'gate');
      assert.equal(judge('npm run rm -- dist', files).result.decision, 'allow');
      assert.equal(judge('pnpm rm src', files).result.decision, 'allow', 'pnpm rm is pnpm remove');
      assert.equal(judge('pnpm run rm src', files).result.decision, 'gate');
      assert.equal(judge('yarn run rm src', files).result.decision, 'gate');
    });

    it('finds the package above the folder, and the one --prefix, -C or --cwd names', () => {
      const files = { 'package.json': pkg({ wipe: 'rm -rf src' }), 'web/package.json': pkg({ wipe: 'rm -rf dist' }, { name: 'web' }) };
      assert.equal(judge('npm run wipe', files, { cwd: `${WS}/lib/deep` }).result.decision, 'gate');
      assert.equal(judge('npm run wipe', files, { cwd: `${WS}/web` }).result.decision, 'allow');
      assert.equal(judge('npm run wipe --prefix web', files).result.decision, 'allow');
      assert.equal(judge('pnpm -C web wipe', files).result.decision, 'allow');
      assert.equal(judge('yarn --cwd web wipe', files).result.decision, 'allow');
      assert.equal(judge('npm run wipe --prefix=web', { ...files, 'web/package.json': pkg({ wipe: 'rm -rf src' }) }).result.findings[0]?.via?.[0].file, 'web/package.json');
    });

    it('npm start without a start script runs node server.js; restart without one runs stop and start', () => {
      const server = "require('child_process').execSync('rm -rf src')\n";
      const start = judge('npm start', { 'package.json': pkg({ test: 'jest' }), 'server.js': server }).result;
      assert.equal(start.decision, 'gate');
      assert.equal(start.findings[0].via?.[1]?.file, 'server.js');
      assert.equal(judge('npm restart', { 'package.json': pkg({ stop: 'echo stop', start: 'rm -rf src' }) }).result.decision, 'gate');
    });

    it('a script name or package folder named at run time is unanalyzable; no package.json is npm failing, not a risk', () => {
      assert.equal(judge('npm run "$TASK"', { 'package.json': pkg({}) }).result.findings[0]?.ruleId, 'UNK001');
      assert.equal(judge('npm run build --prefix "$DIR"', {}).result.findings[0]?.ruleId, 'UNK001');
      assert.deepEqual(judge('npm test', {}).result.findings, []);
      assert.deepEqual(judge('npm run nothing-here', { 'package.json': pkg({ clean: 'rm -rf src' }) }).result.findings, []);
    });
  });

  describe('make', () => {
    const mk = [
      'SRC_DIR := src',
      'TRASH ?= dist',
      'TRASH += $(SRC_DIR)',
      'override EXTRA = lib',
      'define HELP',
      'rm -rf ~ is only text in a define',
      'endef',
      '',
      '.PHONY: all clean',
      '.DEFAULT_GOAL := build',
      'all: clean',
      'build: gen',
      '\tgo build ./... \\',
      '\t  -o bin/app',
      'gen:',
      '\t@echo generating',
      'clean:',
      '\t-@rm -rf $(TRASH)',
      'obj/%.o: %.c',
      '\t$(CC) -c $< -o $@ && rm -f $*.tmp',
      '',
    ].join('\n');

    it('reads the default goal, prerequisites, variables and prefixes', () => {
      assert.equal(judge('make', { Makefile: mk }).result.decision, 'allow', '.DEFAULT_GOAL is build');
      const all = judge('make all', { Makefile: mk }).result;
      assert.equal(all.decision, 'gate');
      assert.match(all.findings[0].message, /Deletes src/);
      assert.deepEqual(all.findings[0].via, [{ file: 'Makefile', line: 18, text: '-@rm -rf $(TRASH)', label: 'target clean' }]);
      assert.equal(judge('make obj/main.o', { Makefile: mk }).result.decision, 'allow', 'a pattern rule: $* is main');
      assert.equal(judge('make clean TRASH=build', { Makefile: mk }).result.decision, 'allow', 'a variable on the line wins');
    });

    it('runs in the folder -C names and reads the file -f names; dry runs run nothing', () => {
      const files = { 'sub/Makefile': 'x:\n\trm -rf src\n', 'ops.mk': 'x:\n\trm -rf ~\n' };
      assert.match(judge('make -C sub x', files).result.findings[0].message, /sub\/src/);
      assert.match(judge('make -Csub x', files).result.findings[0].message, /sub\/src/);
      assert.match(judge('make --file=ops.mk x', files).result.findings[0].message, /home directory/);
      for (const dry of ['make -n -f ops.mk x', 'make --dry-run -f ops.mk x', 'make -q -f ops.mk x', 'make -t -f ops.mk x']) assert.equal(judge(dry, files).result.decision, 'allow', dry);
    });

    it('$(shell …) stays computed; a variable from the environment is a computed path', () => {
      assert.equal(judge('make x', { Makefile: 'DIR := $(shell git rev-parse --show-toplevel)\nx:\n\trm -rf $(DIR)/src\n' }).result.decision, 'warn');
      assert.equal(judge('make x', { Makefile: 'x:\n\trm -rf $(UNSET)\n' }).result.decision, 'warn');
    });
  });

  describe('just and task', () => {
    it('just: the first recipe by default, dependencies before and after, parameters, a shebang body as one script', () => {
      const jf = ['set working-directory := "web"', 'out := "dist"', '', 'build: gen && check', '    npm run build', '', 'gen:', '    echo gen', '', 'check:', '    rm -rf {{out}}', '', 'wipe dir=out:', '    #!/usr/bin/env bash', '    set -e', '    rm -rf {{dir}}', ''].join('\n');
      const files = { justfile: jf, 'web/package.json': pkg({ build: 'vite build' }) };
      assert.equal(judge('just', files).result.decision, 'allow');
      const wiped = judge('just wipe src', files).result;
      assert.equal(wiped.decision, 'gate');
      assert.match(wiped.findings[0].message, /web\/src/, 'in the working directory the justfile sets');
      assert.deepEqual(wiped.findings[0].via?.[0], { file: 'justfile', line: 16, text: 'rm -rf {{dir}}', label: 'recipe wipe' });
    });

    it('task: deps, task calls, includes, vars and the dir of a task', () => {
      const tf = "version: '3'\nvars:\n  TARGET: build\ntasks:\n  default:\n    deps: [gen]\n    cmds:\n      - task: tidy\n  gen:\n    cmds: [echo gen]\n  tidy:\n    dir: app\n    cmds:\n      - rm -rf {{.TARGET}}\n";
      assert.equal(judge('task', { 'Taskfile.yml': tf }).result.decision, 'allow');
      const bad = judge('task TARGET=src', { 'Taskfile.yml': tf }).result;
      assert.equal(bad.decision, 'gate');
      assert.match(bad.findings[0].message, /app\/src/);
      assert.equal(bad.findings[0].via?.[0].label, 'tasks.tidy');
      assert.equal(judge('task', { 'Taskfile.yml': 'tasks: [oops' }).result.findings[0]?.ruleId, 'UNK001', 'a Taskfile task cannot read');
    });
  });

  describe('shell scripts', () => {
    it("knows a script's own folder where it computes it the usual ways", () => {
      const abs = `${WS}/scripts/x.sh`;
      assert.equal(withScriptPaths('DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"', abs), `DIR=${WS}/scripts`);
      assert.equal(withScriptPaths('cd "$(dirname "$0")/.."', abs), `cd "${WS}/scripts/.."`);
      assert.equal(withScriptPaths('ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &> /dev/null && pwd)', abs), `ROOT=${WS}/scripts`);
      assert.equal(withScriptPaths('echo "usage: $0 <dir>"', abs), `echo "usage: ${abs} <dir>"`);
      assert.equal(withScriptPaths('X=`dirname $0`', abs), `X=${WS}/scripts`);
      assert.equal(withScriptPaths('rm -rf "$1"', abs), 'rm -rf "$1"');
      assert.equal(withScriptPaths('cd "$(dirname "$0")"', '/odd path/x.sh'), 'cd "$(dirname "$0")"', 'a path that would need quoting is left alone');
    });

    it('follows a script the line writes first, and says so when it cannot see what was written', () => {
      assert.equal(judge("printf '%s\\n' 'rm -rf src' > x.sh && bash x.sh", {}).result.decision, 'gate');
      assert.equal(judge("echo 'rm -rf src' >> x.sh && bash x.sh", { 'x.sh': 'echo start\n' }).result.decision, 'gate', 'appended to what is on disk');
      assert.equal(judge("echo 'rm -rf src' > x.sh && bash y.sh", { 'y.sh': 'echo ok\n' }).result.decision, 'allow', 'another file');
      assert.equal(judge("bash x.sh; echo 'rm -rf src' > x.sh", { 'x.sh': 'echo ok\n' }).result.decision, 'allow', 'written after it ran');
      const cp = judge('cp /tmp/whatever.sh run.sh && ./run.sh', { 'run.sh': 'echo ok\n' }).result;
      assert.equal(cp.decision, 'warn');
      assert.match(cp.findings[0].message, /written earlier on the same line \(cp/);
    });

    it('a script the line names outside the workspace is read; one a followed file names there is not', () => {
      const reader = memoryFiles(inWs({ '/home/dev/bin/tidy.sh': 'rm -rf ~/Documents\n', 'x.sh': 'bash /home/dev/bin/tidy.sh\n' }), { outside: (p) => !p.startsWith(WS) });
      const ctx: CommandContext = { ...TEST_CONTEXT, repositoryRoots: [WS], files: reader };
      assert.equal(judgeCommand('bash ~/bin/tidy.sh', { ctx }).result.decision, 'gate');
      const nested = judgeCommand('bash x.sh', { ctx }).result;
      assert.equal(nested.decision, 'warn');
      assert.match(nested.findings[0].message, /outside the workspace/);
    });

    it('a compiled program is run, not read; other binary content run as a script is unanalyzable', () => {
      const state = newFollowState({ read: () => ({ kind: 'binary', executable: true }) }, { ...TEST_CONTEXT });
      assert.equal(readFollowed(state, `${WS}/bin/app`, true).kind, 'program');
      const state2 = newFollowState({ read: () => ({ kind: 'binary' }) }, { ...TEST_CONTEXT });
      assert.equal(readFollowed(state2, `${WS}/x.sh`, true).kind, 'problem');
    });
  });

  describe('containers', () => {
    it('a deletion in a bind is judged where it lands on the host, and says so', () => {
      const ctx: CommandContext = { ...TEST_CONTEXT };
      const r = judgeCommand('docker run --rm -v /srv/backups:/data alpine rm -rf /data/db', { ctx }).result;
      assert.equal(r.findings[0].ruleId, 'FS001');
      assert.match(r.findings[0].message, /\/srv\/backups\/db .*in the container, \/data is \/srv\/backups on this machine/);
      assert.doesNotMatch(r.findings[0].message, /remote machine/);
      const here = judgeCommand('cd web && docker run -v "$PWD":/app -w /app node:20 sh -c "cd lib && rm -rf ../src"', { ctx }).result;
      assert.match(here.findings[0].message, /web\/src/, 'the host folder after the line’s cd, the container folder after its own');
    });

    it("the container's own files, a read-only bind and a bind of build output stay quiet", () => {
      const ctx: CommandContext = { ...TEST_CONTEXT };
      for (const line of ['docker run --rm ubuntu rm -rf /', 'docker run --rm -v "$PWD":/app:ro alpine rm -rf /app', 'docker run --rm -v "$PWD/dist":/out alpine rm -rf /out', 'podman run --rm --mount type=bind,src=/tmp/x,dst=/x alpine rm -rf /x']) {
        assert.equal(judgeCommand(line, { ctx }).result.decision, 'allow', line);
      }
    });

    it('what cannot be told keeps the judgement of a command on another machine: exec, a named volume, --volumes-from, host devices', () => {
      const ctx: CommandContext = { ...TEST_CONTEXT };
      for (const line of ['docker exec web rm -rf /app/src', 'docker run -v pgdata:/data alpine rm -rf /data', 'docker run --volumes-from db alpine rm -rf /var/lib/mysql', 'docker run --privileged alpine dd if=/dev/zero of=/dev/sda', 'docker run --device /dev/sdb alpine dd if=/dev/zero of=/dev/sdb']) {
        const r = judgeCommand(line, { ctx }).result;
        assert.equal(r.decision, 'gate', line);
        if (r.findings[0].ruleId === 'FS001') assert.match(r.findings[0].message, /remote machine/, line);
      }
    });
  });

  describe('never throws, always bounded', () => {
    const NOISE = fc.constantFrom(...'rm -rf / ~ src $ ( ) { } [ ] < > | & ; \' " ` \\ * ? \n \t # = : % @ - + . .. npm run make bash ./x.sh include define endef export ifeq {{ }} deps: cmds: - tasks:'.split(' ').concat([' ', '\u0000', '\ud83d\ude00', '$(MAKE)', '$$', '$@', '"scripts":', '#!/bin/sh\n', '#!/usr/bin/env python3\n']));
    const text = fc.array(NOISE, { maxLength: 120 }).map((p) => p.join(''));
    const LINES = ['npm run x', 'npm test', 'yarn x', 'pnpm x', 'make', 'make x', 'just', 'just x', 'task', 'task x', './x.sh', 'bash x.sh', 'source x.sh', 'python x.py', 'node x.js', 'docker compose run web rm -rf /app'];

    it('any text in package.json, a Makefile, a justfile, a Taskfile, a script or a compose file', function () {
      this.timeout(60_000);
      fc.assert(
        fc.property(fc.constantFrom(...LINES), text, text, (line, a, b) => {
          const files = { 'package.json': a, Makefile: a, justfile: a, 'Taskfile.yml': a, 'x.sh': a, 'x.py': b, 'x.js': b, 'compose.yaml': b, 'inc.mk': b };
          const { result } = judge(line, files);
          assert.ok(['allow', 'warn', 'gate'].includes(result.decision));
          for (const f of result.findings) assert.ok(f.span.start >= 0 && f.span.end <= line.length && f.span.start <= f.span.end, JSON.stringify(f));
        }),
        { numRuns: 300 },
      );
    });

    it('scripts that run each other in every way stay within the budget', function () {
      this.timeout(60_000);
      fc.assert(
        fc.property(fc.array(fc.constantFrom('./a.sh', './b.sh', 'bash c.sh', 'npm run x', 'npm run y', 'make', 'make z', 'source a.sh', 'rm -rf dist'), { minLength: 1, maxLength: 8 }), (steps) => {
          const body = `${steps.join('\n')}\n`;
          const files = { 'a.sh': body, 'b.sh': body, 'c.sh': body, 'package.json': JSON.stringify({ scripts: { x: steps.join(' && '), y: 'npm run x' } }), Makefile: `all:\n\t${steps.join('\n\t')}\nz: all\n\t./b.sh\n` };
          const { result, reader } = judge('./a.sh && npm run y && make z', files);
          assert.ok(reader.reads.length <= FOLLOW_LIMITS.files);
          assert.equal(result.decision, 'allow');
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('diskpart /s (a unit in the diskpart language)', () => {
    const asCmd = (line: string, files: Record<string, string>): CommandResult => {
      const reader = memoryFiles(inWs(files));
      return judgeCommand(line, { ctx: { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader, shell: 'cmd' } }).result;
    };

    it('judges the script statement by statement, names its line, and lets a listing script through', () => {
      const wipe = asCmd('diskpart /s wipe.txt', { 'wipe.txt': 'list disk\nselect disk 1\nclean\n' });
      assert.equal(wipe.decision, 'gate');
      assert.equal(wipe.findings[0].ruleId, 'FS011');
      assert.match(wipe.findings[0].message, /diskpart script wipe\.txt removes every partition/);
      assert.equal(chainText(wipe.command, wipe.findings[0]), 'diskpart /s wipe.txt → wipe.txt:3 → clean');
      assert.equal(asCmd('diskpart /s list.txt', { 'list.txt': 'list disk\nlist volume\n' }).decision, 'allow');
    });

    it('reads the script as diskpart, never as shell', () => {
      // diskpart does not know `rm`: the line is an error there, not a deletion.
      assert.equal(asCmd('diskpart /s odd.txt', { 'odd.txt': 'rm -rf /\nlist disk\n' }).decision, 'allow');
    });

    it('reads the script from the folder a cd on the line moved to; a drive path names nothing where the platform is not Windows', () => {
      const files = { 'tools/wipe.txt': 'select disk 1\nclean\n', 'wipe.txt': 'list disk\n' };
      const moved = asCmd('cd tools && diskpart /s wipe.txt', files);
      assert.equal(moved.decision, 'gate');
      assert.equal(chainText(moved.command, moved.findings[0]), 'diskpart /s wipe.txt → tools/wipe.txt:2 → clean');
      assert.equal(asCmd('pushd tools && popd && diskpart /s wipe.txt', files).decision, 'allow');
      const drive = asCmd('cd /d C:\\work && diskpart /s wipe.txt', files);
      assert.equal(drive.decision, 'gate');
      assert.match(drive.findings[0].message, /diskpart erases a whole volume or disk/);
    });

    it('follows a script from the folder PowerShell on Linux or macOS moved to', () => {
      const files = { 'tools/x.sh': 'rm -rf ~\n', '/srv/ops/x.sh': 'rm -rf ~\n', 'x.sh': 'echo ok\n' };
      for (const line of ['Set-Location tools; bash x.sh', 'Push-Location /srv/ops; bash ./x.sh; Pop-Location']) {
        const reader = memoryFiles(inWs(files));
        const r = judgeCommand(line, { ctx: { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader, shell: 'pwsh' } }).result;
        assert.equal(r.decision, 'gate', line);
        assert.deepEqual(reader.reads, [line.includes('srv') ? '/srv/ops/x.sh' : `${WS}/tools/x.sh`], line);
      }
    });

    it('keeps the stand-in gate when the script cannot be read, or nothing reads files', () => {
      for (const r of [asCmd('diskpart /s missing.txt', {}), evaluateCommand('diskpart /s wipe.txt', { ctx: { ...TEST_CONTEXT, shell: 'cmd' } })]) {
        assert.equal(r.decision, 'gate');
        assert.match(r.findings[0].message, /diskpart erases a whole volume or disk/);
      }
    });
  });
});
