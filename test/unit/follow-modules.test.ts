/**
 * The source reader follows the project's own modules and what functions return: a deletion of a
 * constant imported from a module of the project (`import { ROOT } from './paths'`, `require`,
 * Python's `from .paths import ROOT` or a sibling `from paths import ROOT`) is judged by the value
 * that module gives it, and a call of a function (of this file or imported) by the value it
 * returns, when that value is known for certain. A temp folder stays temp through both, the home
 * folder stays the home; anything else stays the computed value it was. Modules are read
 * through the line's bounded reader: they are in the chain's digest, a cycle answers nothing.
 */
import assert from 'node:assert/strict';
import { judgeCommand } from '../../src/core/engine';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';

function judge(line: string, files: Record<string, string>): CommandResult & { reads: string[] } {
  const reader = memoryFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
  const ctx: CommandContext = { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader };
  return { ...judgeCommand(line, { ctx }).result, reads: reader.reads };
}

function said(r: CommandResult): string {
  return r.findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ');
}

const HOME_PATHS = "import os from 'node:os';\nimport path from 'node:path';\nexport const TARGET = path.join(os.homedir(), 'Documents');\n";
const TEMP_PATHS = "import os from 'node:os';\nimport path from 'node:path';\nexport const SCRATCH = path.join(os.tmpdir(), 'scratch');\n";

describe('follow: modules of the project and what functions return', () => {
  it('a constant imported from a module of the project is judged by its value there (import, require, destructuring, namespace)', () => {
    const cases: [string, Record<string, string>][] = [
      ['node scripts/wipe.mjs', { 'scripts/wipe.mjs': "import { rmSync } from 'node:fs';\nimport { TARGET } from './paths.mjs';\nrmSync(TARGET, { recursive: true, force: true });\n", 'scripts/paths.mjs': HOME_PATHS }],
      ['tsx scripts/wipe.ts', { 'scripts/wipe.ts': "import { rmSync } from 'node:fs';\nimport { TARGET as where } from './lib/paths';\nrmSync(where, { recursive: true });\n", 'scripts/lib/paths.ts': HOME_PATHS }],
      ['tsx scripts/wipe.ts', { 'scripts/wipe.ts': "import { rmSync } from 'node:fs';\nimport { TARGET } from './paths.js';\nrmSync(TARGET, { recursive: true });\n", 'scripts/paths.ts': HOME_PATHS }],
      ['node scripts/wipe.js', { 'scripts/wipe.js': "const fs = require('fs');\nconst { TARGET } = require('./paths');\nfs.rmSync(TARGET, { recursive: true });\n", 'scripts/paths.js': "const os = require('os');\nconst path = require('path');\nmodule.exports = { TARGET: path.join(os.homedir(), 'Documents') };\n" }],
      ['node scripts/wipe.js', { 'scripts/wipe.js': "const fs = require('fs');\nfs.rmSync(require('./paths').TARGET, { recursive: true });\n", 'scripts/paths.js': "const os = require('os');\nexports.TARGET = require('path').join(os.homedir(), 'Documents');\n" }],
      ['tsx scripts/wipe.ts', { 'scripts/wipe.ts': "import * as fs from 'node:fs';\nimport * as paths from './paths';\nfs.rmSync(paths.TARGET, { recursive: true });\n", 'scripts/paths.ts': HOME_PATHS }],
      ['python tools/wipe.py', { 'tools/wipe.py': 'import shutil\nfrom .paths import TARGET\nshutil.rmtree(TARGET)\n', 'tools/paths.py': "from pathlib import Path\nTARGET = Path.home() / 'Documents'\n" }],
      ['python tools/wipe.py', { 'tools/wipe.py': 'import shutil\nfrom paths import TARGET\nshutil.rmtree(TARGET)\n', 'tools/paths.py': "import os\nTARGET = os.path.expanduser('~/Documents')\n" }],
      ['python tools/wipe.py', { 'tools/wipe.py': 'import shutil\nimport settings\nshutil.rmtree(settings.TARGET)\n', 'tools/settings.py': "import os\nTARGET = os.path.join(os.path.expanduser('~'), 'Documents')\n" }],
    ];
    for (const [line, files] of cases) {
      const r = judge(line, files);
      assert.equal(r.decision, 'gate', `${line} ${Object.keys(files).join(',')}: ${said(r)}`);
      assert.match(r.findings[0].message, /~\/Documents/, said(r));
    }
  });

  it('a temp folder stays temp through an import, and a name the module computes stays computed', () => {
    const quiet = judge('tsx scripts/clean.ts', { 'scripts/clean.ts': "import { rmSync } from 'node:fs';\nimport { SCRATCH } from './paths';\nrmSync(SCRATCH, { recursive: true, force: true });\n", 'scripts/paths.ts': TEMP_PATHS });
    assert.equal(quiet.decision, 'allow', said(quiet));
    const computed = judge('tsx scripts/clean.ts', { 'scripts/clean.ts': "import { rmSync } from 'node:fs';\nimport { OUT } from './paths';\nrmSync(OUT, { recursive: true });\n", 'scripts/paths.ts': 'export const OUT = process.env.TARGET_DIR;\n' });
    assert.equal(computed.decision, 'warn', said(computed));
    assert.match(computed.findings[0].message, /"\$OUT"/);
    // Not a module of the project (a package): named as before, and nothing is read for it.
    const pkg = judge('tsx scripts/clean.ts', { 'scripts/clean.ts': "import { rmSync } from 'node:fs';\nimport { OUT } from 'some-package';\nrmSync(OUT, { recursive: true });\n" });
    assert.equal(pkg.decision, 'warn', said(pkg));
    assert.deepEqual(pkg.reads, [`${WS}/scripts/clean.ts`]);
  });

  it('a call of a function gives what it returns when that is known: a temp folder is quiet, the home gates, anything else stays computed', () => {
    const temp = [
      "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\nfunction scratch() {\n  return fs.mkdtempSync(path.join(os.tmpdir(), 'x-'));\n}\nconst d = scratch();\nfs.rmSync(d, { recursive: true });\n",
      "const fs = require('fs');\nconst os = require('os');\nconst make = () => fs.mkdtempSync(os.tmpdir() + '/x-');\nfs.rmSync(make(), { recursive: true });\n",
      "const fs = require('fs');\nconst os = require('os');\nasync function start(opts = {}) {\n  const root = fs.mkdtempSync(os.tmpdir() + '/x-');\n  const stop = async () => {\n    if (opts.keep) return;\n  };\n  return { root, url: `http://127.0.0.1:${opts.port}`, stop };\n}\nasync function main() {\n  const server = await start({});\n  fs.rmSync(server.root, { recursive: true });\n}\nmain();\n",
    ];
    for (const src of temp) {
      const r = judge('node scripts/t.js', { 'scripts/t.js': src });
      assert.equal(r.decision, 'allow', `${src}\n${said(r)}`);
    }
    const home = judge('node scripts/t.js', { 'scripts/t.js': "const fs = require('fs');\nconst os = require('os');\nfunction where(name) {\n  return require('path').join(os.homedir(), name);\n}\nfs.rmSync(where('Documents'), { recursive: true });\n" });
    assert.equal(home.decision, 'gate', said(home));
    assert.match(home.findings[0].message, /~\/Documents/);
    const computed = judge('node scripts/t.js', { 'scripts/t.js': "const fs = require('fs');\nfunction where() {\n  if (process.env.X) return '/tmp/x';\n  return process.env.TARGET;\n}\nfs.rmSync(where(), { recursive: true });\n" });
    assert.equal(computed.decision, 'warn', said(computed));
    const py = judge('python tools/t.py', { 'tools/t.py': "import shutil, tempfile\n\ndef scratch():\n    return tempfile.mkdtemp(prefix='x-')\n\nshutil.rmtree(scratch())\n" });
    assert.equal(py.decision, 'allow', said(py));
    const pyHome = judge('python tools/t.py', { 'tools/t.py': "import shutil\nfrom pathlib import Path\n\ndef target():\n    return Path.home() / 'Documents'\n\nshutil.rmtree(target())\n" });
    assert.equal(pyHome.decision, 'gate', said(pyHome));
  });

  it('a function imported from a module of the project gives what it returns; a temp folder in a Set filled under a condition stays temp', () => {
    const server = "import os from 'node:os';\nimport path from 'node:path';\nimport { mkdtempSync } from 'node:fs';\nexport async function startServer(options: { keep?: boolean } = {}): Promise<{ root: string }> {\n  const root = mkdtempSync(path.join(os.tmpdir(), 'server-'));\n  const stop = async (): Promise<void> => {\n    if (options.keep) return;\n  };\n  return { root, stop };\n}\nexport function home(): string {\n  return os.homedir();\n}\n";
    const run = "import { rmSync } from 'node:fs';\nimport { startServer } from '../harness/server';\nconst inUse = new Set<string>();\nasync function run(keep: boolean): Promise<void> {\n  let server: { root: string } | undefined;\n  server = await startServer({ keep });\n  if (!keep) inUse.add(server.root);\n}\nprocess.on('SIGINT', () => {\n  for (const folder of inUse) rmSync(folder, { recursive: true, force: true });\n});\n";
    const quiet = judge('tsx test/e2e/run.ts', { 'test/e2e/run.ts': run, 'test/harness/server.ts': server });
    assert.equal(quiet.decision, 'allow', said(quiet));
    const gated = judge('tsx test/e2e/run.ts', { 'test/e2e/run.ts': "import { rmSync } from 'node:fs';\nimport { home } from '../harness/server';\nrmSync(home(), { recursive: true });\n", 'test/harness/server.ts': server });
    assert.equal(gated.decision, 'gate', said(gated));
  });

  it('modules are read through the line\'s reader, once each; a cycle of imports answers nothing and ends', () => {
    const r = judge('node a.js', {
      'a.js': "const fs = require('fs');\nconst { B } = require('./b');\nexports.A = B;\nfs.rmSync(B, { recursive: true });\n",
      'b.js': "const { A } = require('./a');\nexports.B = A;\n",
    });
    assert.equal(r.decision, 'warn', said(r));
    assert.equal(r.reads.filter((p) => p === `${WS}/b.js`).length, 1);
    // Each module once, however often the source uses it.
    const twice = judge('node a.js', { 'a.js': "const fs = require('fs');\nconst p = require('./p');\nfs.rmSync(p.X, { recursive: true });\nfs.rmSync(p.Y, { recursive: true });\n", 'p.js': "exports.X = '/tmp/x';\nexports.Y = require('os').homedir();\n" });
    assert.equal(twice.decision, 'gate', said(twice));
    assert.equal(twice.reads.filter((p) => p === `${WS}/p.js`).length, 1);
  });
});
