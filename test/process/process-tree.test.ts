/**
 * Finding the agent's process among the hook's parents (src/node/process-tree.ts) with real
 * processes: a stand-in agent (a node script at …/gemini-cli/bundle/gemini.js, as the real one is
 * laid out) that runs a probe through `sh -c`, as agents run hooks, with pipes or on a terminal
 * (util-linux `script` gives it one). The `ps` + `lsof` reader used on macOS is checked against
 * /proc on the same processes. The fake process table is test/unit/process-tree.test.ts's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findAgentProcess, procReader, processAncestors, psReader } from '../../src/node/process-tree';
import { fakeReader, is } from '../helpers/fake-processes';

(process.platform === 'linux' ? describe : describe.skip)('process tree: real processes (Linux)', () => {
  let tmp = '';
  let agentJs = '';
  let probeJs = '';
  const ROOT = path.resolve(__dirname, '..', '..');

  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-ptree-'));
    // The probe stands where a hook runs: it reads its own parents as the hook does.
    probeJs = path.join(tmp, 'probe.js');
    writeFileSync(
      probeJs,
      [
        `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs'))});`,
        `const t = require(${JSON.stringify(path.join(ROOT, 'src', 'node', 'process-tree.ts'))});`,
        'const caller = { pid: process.pid, ppid: process.ppid };',
        `const a = require(${JSON.stringify(path.join(ROOT, 'src', 'core', 'hook-asking.ts'))});`,
        'const isGemini = (argv) => a.isAgentProcess("gemini-cli", argv);',
        'const found = t.findAgentProcess(caller, t.procReader(), isGemini);',
        'const viaPs = t.findAgentProcess(caller, t.psReader(), isGemini);',
        'require("fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify({ found, viaPs, ancestors: t.processAncestors(process.pid) }));',
      ].join('\n'),
    );
    // A stand-in Gemini CLI: runs the probe through a shell, with pipes for its stdio, as agents run hooks.
    agentJs = path.join(tmp, 'lib', 'gemini-cli', 'bundle', 'gemini.js');
    mkdirSync(path.dirname(agentJs), { recursive: true });
    writeFileSync(agentJs, `require('child_process').spawnSync('/bin/sh', ['-c', ${JSON.stringify(`"${process.execPath}" "${probeJs}"; :`)}], { stdio: 'pipe' });\n`);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  type Probe = { found: { kind: string; argv?: string[]; stdinTty?: boolean; stdoutTty?: boolean }; viaPs: Probe['found']; ancestors: number[] };
  const probe = (out: string): Probe => JSON.parse(readFileSync(out, 'utf8')) as Probe;

  it('finds the agent with pipes: its exact arguments, and no terminal', function () {
    this.timeout(30_000);
    const out = path.join(tmp, 'pipes.json');
    const r = spawnSync(process.execPath, [agentJs, '-p', 'clean up', '--yolo'], { env: { ...process.env, PROBE_OUT: out }, stdio: 'pipe' });
    assert.equal(r.status, 0, String(r.stderr));
    const { found, viaPs, ancestors } = probe(out);
    assert.deepEqual(found, { kind: 'found', argv: [process.execPath, agentJs, '-p', 'clean up', '--yolo'], stdinTty: false, stdoutTty: false });
    // ps joins the arguments with blanks: the words are the same, split at blanks.
    assert.deepEqual(viaPs, { kind: 'found', argv: [process.execPath, agentJs, '-p', 'clean', 'up', '--yolo'], stdinTty: false, stdoutTty: false });
    assert.ok(ancestors.length >= 3, JSON.stringify(ancestors));
  });

  it('finds the agent on a terminal: stdin and stdout are terminals (util-linux script)', function () {
    this.timeout(30_000);
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
    const out = path.join(tmp, 'tty.json');
    const cmd = `"${process.execPath}" "${agentJs}" -i "fix it"`;
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, PROBE_OUT: out }, input: '' });
    assert.equal(r.status, 0, String(r.stdout));
    const { found, viaPs } = probe(out);
    assert.deepEqual(found, { kind: 'found', argv: [process.execPath, agentJs, '-i', 'fix it'], stdinTty: true, stdoutTty: true });
    assert.equal(viaPs.stdinTty, true);
    assert.equal(viaPs.stdoutTty, true);
  });

  it('the ancestors the gate channel matches against terminals: this process, then its parents', () => {
    const chain = processAncestors(process.pid);
    assert.deepEqual(chain.slice(0, 2), [process.pid, process.ppid]);
    assert.deepEqual(processAncestors(process.pid, 32, fakeReader({})), [process.pid], 'parents that cannot be read: just the process');
    assert.deepEqual(processAncestors(5, 2, fakeReader({ 5: { ppid: 4, argv: [] }, 4: { ppid: 3, argv: [] } })), [5, 4], 'at most maxDepth');
  });

  it('no agent among the parents: absent, after reading every one of them', () => {
    assert.deepEqual(findAgentProcess({ pid: process.pid, ppid: process.ppid }, procReader(), is('gemini-cli')), { kind: 'absent' });
    assert.deepEqual(findAgentProcess({ pid: process.pid, ppid: process.ppid }, psReader(), is('gemini-cli')), { kind: 'absent' });
  });
});
