/**
 * Calls that run a shell command through a name the source reader does not see defined: invoke's
 * and Fabric's task context (`c.run("…")` in an `@task`), `invoke.run`, `Context().run`,
 * `Connection(host).run` (on that host), `getattr(os, "system")(…)`, a module's member taken by
 * its literal name in JavaScript, and the aliases the reader already followed (`import subprocess
 * as sp`, `const { execSync: run } = require('child_process')`). Each is judged like the command
 * typed; a method of the same name on anything else runs nothing.
 */
import assert from 'node:assert/strict';
import { judgeCommand } from '../../src/core/engine';
import { scanSource } from '../../src/core/source/scan';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';

function judge(line: string, files: Record<string, string>): CommandResult {
  const reader = memoryFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
  const ctx: CommandContext = { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader };
  return judgeCommand(line, { ctx }).result;
}

function commands(language: 'python' | 'javascript', text: string): string[] {
  return scanSource(language, text).steps.map((s) => s.command);
}

describe('source reader: shell runners known by their library', () => {
  it("invoke's and Fabric's task context runs its argument as a shell command", () => {
    assert.deepEqual(commands('python', 'from invoke import task\n\n@task\ndef clean(c):\n    c.run("rm -rf ~/Documents")\n    c.sudo("rm -rf /srv/app")\n'), ['rm -rf ~/Documents', 'sudo rm -rf /srv/app']);
    assert.deepEqual(commands('python', 'import invoke\n\n@invoke.task(help={"x": "y"})\ndef clean(ctx, x=None):\n    ctx.run("rm -rf ~/Documents", pty=True)\n'), ['rm -rf ~/Documents']);
    assert.deepEqual(commands('python', 'from fabric import task\n\n@task\ndef deploy(c):\n    c.local("rm -rf ~/Music")\n    c.run("ls")\n'), ['rm -rf ~/Music', 'ls']);
    assert.deepEqual(commands('python', 'from invoke import run, sudo, Context\nrun("rm -rf ~/a")\nsudo("rm -rf /srv/b")\nContext().run(command="rm -rf ~/c")\n'), ['rm -rf ~/a', 'sudo rm -rf /srv/b', 'rm -rf ~/c']);
    const r = judge('python tasks.py', { 'tasks.py': 'from invoke import task\n\n@task\ndef clean(c):\n    c.run("rm -rf ~/Documents")\n' });
    assert.equal(r.decision, 'gate', r.findings.map((f) => f.message).join(' | '));
  });

  it("a Fabric Connection runs on its host: judged as ssh to that host; its local() on this machine", () => {
    assert.deepEqual(commands('python', 'from fabric import Connection\nc = Connection("web1")\nc.run("rm -rf /var/www")\nc.local("rm -rf ~/d")\n'), ["ssh web1 'rm -rf /var/www'", 'rm -rf ~/d']);
  });

  it('getattr of a module by a literal name, and a module member by a literal key, are that member', () => {
    assert.deepEqual(commands('python', 'import os\ngetattr(os, "system")("rm -rf ~/Documents")\n'), ['rm -rf ~/Documents']);
    assert.deepEqual(commands('python', 'import subprocess\ngetattr(subprocess, "run")(["rm", "-rf", "/srv/data"])\n'), ['rm -rf /srv/data']);
    assert.deepEqual(commands('javascript', "const cp = require('child_process');\ncp['execSync']('rm -rf ~/Documents');\n"), ['rm -rf ~/Documents']);
  });

  it('aliases of subprocess and child_process are followed', () => {
    assert.deepEqual(commands('python', 'import subprocess as sp\nsp.run("rm -rf ~/Documents", shell=True)\n'), ['rm -rf ~/Documents']);
    assert.deepEqual(commands('javascript', "const { execSync: run } = require('child_process');\nrun('rm -rf ~/Documents');\n"), ['rm -rf ~/Documents']);
  });

  it('look-alikes run nothing: a run method of anything else, a task without invoke or Fabric, getattr of a computed name', () => {
    assert.deepEqual(commands('python', 'from flask import Flask\napp = Flask(__name__)\napp.run("0.0.0.0")\n'), []);
    assert.deepEqual(commands('python', 'from celery import task\n\n@task\ndef clean(c):\n    c.run("rm -rf ~/Documents")\n'), []);
    assert.deepEqual(commands('python', 'import threading\nt = threading.Thread(target=print)\nt.run()\n'), []);
    assert.deepEqual(commands('python', 'import os\nname = input()\ngetattr(os, name)("x")\n'), []);
    const everyday = judge('python tasks.py', { 'tasks.py': 'from invoke import task\n\n@task\ndef test(c):\n    c.run("pytest -q")\n\n@task\ndef clean(c):\n    c.run("rm -rf build dist .pytest_cache")\n' });
    assert.equal(everyday.decision, 'allow', everyday.findings.map((f) => f.message).join(' | '));
  });
});
