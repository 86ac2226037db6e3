import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLines } from '../../src/cli/check';
import { type CliIo, runCli, VERSION } from '../../src/cli/main';
import { renderResult } from '../../src/cli/render';
import type { CommandFinding, CommandResult } from '../../src/core/types';
import { OPAQUE, PATCH_LINES, writePatchTargets } from '../helpers/cli-fixtures';

/** A fake process: captured output, an isolated home and config, no colour. */
function fakeIo(stdin?: AsyncIterable<string | Uint8Array>, extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    cwd: SANDBOX,
    env: { XDG_CONFIG_HOME: path.join(SANDBOX, 'config'), HOME: SANDBOX },
    home: SANDBOX,
    stdin,
    ...extra,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** Where the CLI runs: an empty folder with no policy files, made and removed around the suites. */
let SANDBOX = '';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) {
    await new Promise((r) => setImmediate(r));
    yield p;
  }
}

describe('cli', () => {
  before(() => {
    SANDBOX = mkdtempSync(path.join(os.tmpdir(), 'br-cli-'));
  });
  after(() => rmSync(SANDBOX, { recursive: true, force: true }));

  describe('cli: check reads where a command lands', () => {
    const kube = (ctx: string) => `clusters:\n- name: c\n  cluster:\n    server: https://api.example.com\ncontexts:\n- name: ${ctx}\n  context:\n    cluster: c\n    namespace: payments\ncurrent-context: ${ctx}\n`;

    it('the kubeconfig in KUBECONFIG makes a delete production: gated, and the text says where', async () => {
      const file = path.join(SANDBOX, 'kube-prod.yaml');
      writeFileSync(file, kube('prod-eu-1'));
      const f = fakeIo();
      f.io.env = { ...f.io.env, KUBECONFIG: file };
      assert.equal(await runCli(['check', '--', 'kubectl delete deployment web'], f.io), 20);
      assert.match(f.out(), /against production: kube context `prod-eu-1`, namespace `payments`/);
      assert.match(f.out(), /\n {2}Where: PRODUCTION — kube context `prod-eu-1`, namespace `payments`\n/);
      const j = fakeIo();
      j.io.env = { ...j.io.env, KUBECONFIG: file };
      await runCli(['check', '--format', 'json', '--', 'kubectl delete deployment web'], j.io);
      const res = JSON.parse(j.out()) as CommandResult;
      assert.equal(res.findings[0].environment?.production, true);
    });

    it('a development kubeconfig leaves the same delete a warning, and says where too', async () => {
      const file = path.join(SANDBOX, 'kube-dev.yaml');
      writeFileSync(file, kube('dev-eu-1'));
      const f = fakeIo();
      f.io.env = { ...f.io.env, KUBECONFIG: file };
      assert.equal(await runCli(['check', '--', 'kubectl delete deployment web'], f.io), 10);
      assert.match(f.out(), /Where: kube context `dev-eu-1`, namespace `payments`/);
      assert.doesNotMatch(f.out(), /production/i);
    });
  });

  describe('cli: check exit codes', () => {
    it('0 for a benign command, with the result as JSON', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--format', 'json', '--', 'git status'], f.io), 0);
      assert.deepEqual(JSON.parse(f.out()), { command: 'git status', score: 0, severity: 'none', decision: 'allow', findings: [] });
      assert.equal(f.err(), '');
    });

    it('10 for warn: a program computed at run time cannot be checked', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--format=json', '--', OPAQUE], f.io), 10);
      const r = JSON.parse(f.out()) as CommandResult;
      assert.equal(r.decision, 'warn');
      assert.equal(r.severity, 'medium');
      assert.ok(r.findings.some((x) => x.ruleId === 'UNK001'));
      for (const k of ['ruleId', 'category', 'severity', 'score', 'message', 'span', 'alternative']) assert.ok(k in r.findings[0], k);
    });

    it('20 for gate: the same command under --strictness strict', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--strictness', 'strict', '--format', 'json', '--', OPAQUE], f.io), 20);
      assert.equal((JSON.parse(f.out()) as CommandResult).decision, 'gate');
    });

    it('BLAST_RADIUS_STRICTNESS tightens; --strictness off loosens only without it', async () => {
      const f = fakeIo(undefined, { env: { XDG_CONFIG_HOME: path.join(SANDBOX, 'config'), BLAST_RADIUS_STRICTNESS: 'paranoid' } });
      assert.equal(await runCli(['check', '--strictness', 'off', '--', OPAQUE], f.io), 20);
      assert.equal(await runCli(['check', '--strictness', 'off', '--', OPAQUE], fakeIo().io), 0);
    });

    it('several words after -- are joined with single spaces', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--format', 'json', '--', 'git', 'log', '--oneline'], f.io), 0);
      assert.equal((JSON.parse(f.out()) as CommandResult).command, 'git log --oneline');
    });

    it('an empty command line after -- is allowed; a missing one is a usage error', async () => {
      assert.equal(await runCli(['check', '--', ''], fakeIo().io), 0);
      const f = fakeIo();
      assert.equal(await runCli(['check', '--'], f.io), 64);
      assert.match(f.err(), /missing the command line/);
    });

    it('--cwd and --workspace are accepted and resolved', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--cwd', 'sub', '--workspace', '.', '--shell', 'sh', '--format', 'json', '--', 'ls'], f.io), 0);
    });

    it('pwsh and cmd lines go through their own reader', async () => {
      const f = fakeIo();
      const code = await runCli(['check', '--shell', 'pwsh', '--format', 'json', '--', 'Get-ChildItem'], f.io);
      assert.equal(code, 0);
      assert.equal((JSON.parse(f.out()) as CommandResult).decision, 'allow');
    });
  });

  describe('cli: usage errors exit 64 with one line on stderr', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown flag', ['check', '--frobnicate', '--', 'ls'], /unknown option --frobnicate/],
      ['unknown short flag', ['check', '-x', '--', 'ls'], /unknown option -x/],
      ['unknown command', ['explode'], /unknown command "explode"/],
      ['unknown top-level flag', ['--frobnicate'], /unknown option --frobnicate/],
      ['bad shell', ['check', '--shell', 'fish', '--', 'ls'], /--shell must be one of bash, sh, zsh, pwsh, cmd/],
      ['bad format', ['check', '--format', 'xml', '--', 'ls'], /--format must be one of text, json/],
      ['bad strictness', ['check', '--strictness', 'max', '--', 'ls'], /--strictness must be one of/],
      ['missing value', ['check', '--cwd'], /--cwd needs a value/],
      ['command without --', ['check', 'rm -rf /'], /put the command line after --/],
      ['no command line at all', ['check'], /missing the command line/],
      ['jsonl with a command line', ['check', '--jsonl', '--', 'ls'], /--jsonl reads commands from stdin/],
      ['flag given twice', ['check', '--shell', 'sh', '--shell', 'bash', '--', 'ls'], /--shell given twice/],
      ['rules with an argument', ['rules', 'extra'], /rules takes no arguments/],
      ['help for an unknown command', ['help', 'nope'], /no such command/],
    ];
    for (const [name, argv, re] of cases) {
      it(name, async () => {
        const f = fakeIo();
        assert.equal(await runCli(argv, f.io), 64);
        assert.match(f.err(), re);
        assert.match(f.err(), /\(usage: blast-radius /);
        assert.equal(f.err().trimEnd().split('\n').length, 1, f.err());
        assert.equal(f.out(), '');
      });
    }

    it('no arguments prints the help on stderr and exits 64', async () => {
      const f = fakeIo();
      assert.equal(await runCli([], f.io), 64);
      assert.match(f.err(), /Usage:/);
    });
  });

  describe('cli: internal errors exit 70, never 0', () => {
    it('an exception while writing the result', async () => {
      const f = fakeIo();
      const io: CliIo = {
        ...f.io,
        stdout: () => {
          throw new Error('disk on fire');
        },
      };
      assert.equal(await runCli(['check', '--', 'git status'], io), 70);
      assert.match(f.err(), /internal error: .*disk on fire/);
    });

    it('an exception while listing rules', async () => {
      const f = fakeIo();
      const io: CliIo = { ...f.io, stdout: () => { throw new TypeError('nope'); } };
      assert.equal(await runCli(['rules', '--format', 'json'], io), 70);
    });
  });

  describe('cli: help, version, rules', () => {
    it('--version prints the package version', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['--version'], f.io), 0);
      assert.equal(f.out(), `${VERSION}\n`);
      assert.match(VERSION, /^\d+\.\d+\.\d+/);
    });

    it('--help, help check, check --help', async () => {
      for (const argv of [['--help'], ['help'], ['help', 'check'], ['check', '--help'], ['help', 'rules'], ['rules', '-h']]) {
        const f = fakeIo();
        assert.equal(await runCli(argv, f.io), 0, argv.join(' '));
        assert.match(f.out(), /Usage:/);
      }
    });

    it('scan is dispatched to runScan (help scan, scan --help)', async () => {
      for (const argv of [['help', 'scan'], ['scan', '--help']]) {
        const f = fakeIo();
        assert.equal(await runCli(argv, f.io), 0, argv.join(' '));
        assert.match(f.out(), /blast-radius scan/);
      }
    });

    it('rules --format json lists every rule with id, category, severity and summary, sorted by id', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['rules', '--format', 'json'], f.io), 0);
      const rules = JSON.parse(f.out()) as { id: string; category: string; severity: string; summary: string; kind: string }[];
      const ids = rules.map((r) => r.id);
      assert.deepEqual(ids, [...ids].sort());
      assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
      for (const r of rules) {
        assert.ok(r.id && r.category && r.severity && r.summary, JSON.stringify(r));
        assert.ok(r.kind === 'command' || r.kind === 'edit');
      }
    });

    it('rules as text: a header and one line per rule', async () => {
      const f = fakeIo();
      const j = fakeIo();
      await runCli(['rules'], f.io);
      await runCli(['rules', '--format', 'json'], j.io);
      const lines = f.out().trimEnd().split('\n');
      assert.match(lines[0], /^ID\s+CATEGORY\s+SEVERITY\s+SUMMARY$/);
      assert.equal(lines.length - 1, (JSON.parse(j.out()) as unknown[]).length);
    });
  });

  describe('cli: check judges a patch sent through the shell as the edit it makes', () => {
    before(() => writePatchTargets(SANDBOX));
    for (const [name, line] of [['apply_patch heredoc', PATCH_LINES.applyPatch], ['git apply heredoc', PATCH_LINES.gitApply], ['cd && patch -p1 heredoc', PATCH_LINES.patchP1]] as const) {
      it(`${name} removing prevent_destroy: gate (20), the file and line in the finding (JSON)`, async () => {
        const f = fakeIo();
        assert.equal(await runCli(['check', '--format', 'json', '--', line], f.io), 20, f.err());
        const r = JSON.parse(f.out()) as CommandResult;
        assert.equal(r.decision, 'gate');
        assert.equal(r.findings[0].ruleId, 'TF001');
        assert.match(r.findings[0].message, /^infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy removed/);
        assert.equal(r.findings[0].file?.path, 'infra/main.tf');
        assert.match(line.slice(r.findings[0].span.start, r.findings[0].span.end), /prevent_destroy = true/, 'the span is the patch in the line');
      });
    }
    it('text output: the patch underlined, the rule, the file and the safer way', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--', PATCH_LINES.applyPatch], f.io), 20);
      const text = f.out();
      assert.match(text, /^GATE {2}high/);
      assert.match(text, /\*\*\* Begin Patch\n +\| \^~+/);
      assert.match(text, /TF001 high \d+ \(iac\)\n {2}infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy removed/);
      assert.match(text, /Safer: Keep prevent_destroy/);
    });
    it('an everyday patch (a README fix) is allowed; a patch to a missing file warns (10)', async () => {
      const ok = fakeIo();
      assert.equal(await runCli(['check', '--format', 'json', '--', PATCH_LINES.readme], ok.io), 0);
      assert.deepEqual((JSON.parse(ok.out()) as CommandResult).findings, []);
      const gone = fakeIo();
      assert.equal(await runCli(['check', '--format', 'json', '--', PATCH_LINES.missing], gone.io), 10);
      const r = JSON.parse(gone.out()) as CommandResult;
      assert.equal(r.findings[0].ruleId, 'UNK001');
      assert.match(r.findings[0].message, /infra\/gone\.tf, which does not exist/);
    });
    it('--jsonl: each line with a patch judged the same way', async () => {
      const f = fakeIo(chunks(`${[PATCH_LINES.applyPatch, PATCH_LINES.readme, PATCH_LINES.gitApply].map((command) => JSON.stringify({ command })).join('\n')}\n`));
      assert.equal(await runCli(['check', '--jsonl'], f.io), 0);
      assert.deepEqual(f.out().trimEnd().split('\n').map((l) => (JSON.parse(l) as CommandResult).decision), ['gate', 'allow', 'gate']);
    });
  });

  describe('cli: check --jsonl', () => {
    it('answers each line in order, with an error line in place of an unusable one', async () => {
      const input = [
        JSON.stringify({ command: 'git status' }),
        'not json',
        JSON.stringify({ command: OPAQUE, cwd: '.' }),
        JSON.stringify({ cmd: 'ls' }),
        '',
        JSON.stringify({ command: 'ls', shell: 'fish' }),
        JSON.stringify([1]),
        JSON.stringify({ command: 'Remove-Item x', shell: 'pwsh' }),
      ].join('\n');
      // Split mid-line and mid-character to prove lines are reassembled across chunks.
      const bytes = Buffer.from(`${input}\n`, 'utf8');
      const f = fakeIo(chunks(bytes.subarray(0, 7), bytes.subarray(7, 50), bytes.subarray(50)));
      assert.equal(await runCli(['check', '--jsonl'], f.io), 0);
      const lines = f.out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 8);
      assert.equal(lines[0].decision, 'allow');
      assert.match(String(lines[1].error), /^line 2: not valid JSON/);
      assert.equal(lines[2].decision, 'warn');
      assert.match(String(lines[3].error), /"command" must be a string/);
      assert.match(String(lines[4].error), /empty line/);
      assert.match(String(lines[5].error), /"shell" must be one of/);
      assert.match(String(lines[6].error), /expected a JSON object/);
      assert.equal(lines[7].command, 'Remove-Item x');
    });

    it('handles a last line without a newline, CRLF, and byte chunks split inside a character', async () => {
      const text = `${JSON.stringify({ command: 'echo héllo' })}\r\n${JSON.stringify({ command: 'ls' })}`;
      const buf = Buffer.from(text, 'utf8');
      const cut = buf.indexOf(0xa9); // second byte of é
      const f = fakeIo(chunks(buf.subarray(0, cut), buf.subarray(cut)));
      assert.equal(await runCli(['check', '--jsonl'], f.io), 0);
      const lines = f.out().trimEnd().split('\n').map((l) => JSON.parse(l) as CommandResult);
      assert.deepEqual(lines.map((l) => l.command), ['echo héllo', 'ls']);
    });

    it('answers each line before the next one arrives (works as a co-process)', async () => {
      const answers: string[] = [];
      let notify: (() => void) | undefined;
      async function* interactive(): AsyncGenerator<string> {
        for (const cmd of ['git status', OPAQUE, 'ls']) {
          const before = answers.length;
          yield `${JSON.stringify({ command: cmd })}\n`;
          // Do not send the next line until this one has been answered.
          while (answers.length === before) await new Promise<void>((r) => (notify = r));
        }
      }
      const io: CliIo = { ...fakeIo().io, stdin: interactive(), stdout: (s) => { answers.push(s); notify?.(); } };
      assert.equal(await runCli(['check', '--jsonl'], io), 0);
      assert.deepEqual(answers.map((a) => (JSON.parse(a) as CommandResult).decision), ['allow', 'warn', 'allow']);
    });

    it('answers the lines one chunk brings with one write, in order', async () => {
      const writes: string[] = [];
      const input = ['git status', OPAQUE, 'ls'].map((command) => JSON.stringify({ command })).join('\n');
      const io: CliIo = { ...fakeIo().io, stdin: chunks(`${input}\n`, `${JSON.stringify({ command: 'pwd' })}\n`), stdout: (s) => void writes.push(s) };
      assert.equal(await runCli(['check', '--jsonl'], io), 0);
      assert.deepEqual(writes.map((w) => w.trimEnd().split('\n').map((l) => (JSON.parse(l) as CommandResult).command)), [['git status', OPAQUE, 'ls'], ['pwd']]);
    });

    it('an unreadable stdin exits 70', async () => {
      // eslint-disable-next-line require-yield
      async function* broken(): AsyncGenerator<string> {
        await Promise.resolve();
        throw new Error('EIO');
      }
      const f = fakeIo(broken());
      assert.equal(await runCli(['check', '--jsonl'], f.io), 70);
      assert.match(f.err(), /cannot read stdin: EIO/);
    });

    it('readLines skips an over-long line once and carries on', async () => {
      const got: (string | undefined)[] = [];
      for await (const l of readLines(chunks('ab', 'cdefgh', 'ij\nok\n', 'x'), 5)) got.push(l);
      assert.deepEqual(got, [undefined, 'ok', 'x']);
    });
  });

  describe('cli: text output', () => {
    const finding = (span: { start: number; end: number }, ruleId = 'FS001'): CommandFinding => ({
      ruleId,
      category: 'filesystem',
      severity: 'critical',
      score: 97,
      decision: 'gate',
      message: 'Recursively deletes your home directory.',
      span,
      alternative: 'Delete the folders you mean.',
    });

    it('underlines the span under the command, then severity, score, rule, message and alternative', () => {
      const text = renderResult({ command: 'ls && rm -rf ~/', score: 97, severity: 'critical', decision: 'gate', findings: [finding({ start: 6, end: 15 })] });
      const lines = text.split('\n');
      const cmdLine = lines.findIndex((l) => l.includes('ls && rm -rf ~/'));
      assert.equal(lines[cmdLine + 1].indexOf('^'), lines[cmdLine].indexOf('rm'));
      assert.equal(lines[cmdLine + 1].trim(), '^~~~~~~~~');
      assert.match(text, /^GATE {2}critical, score 97, 1 finding/);
      assert.match(text, /FS001 critical 97 \(filesystem\)/);
      assert.match(text, /Recursively deletes your home directory\./);
      assert.match(text, /Safer: Delete the folders you mean\./);
      assert.ok(!text.includes('\u001b['), 'no colour unless asked');
    });

    it('says what was not read when following stopped early, with findings or without', () => {
      const note = 'Not every file this line runs was read: the 250 ms allowed for reading them ran out. It was judged by what was read (3 files).';
      const quiet = renderResult({ command: 'npm test', score: 0, severity: 'none', decision: 'allow', findings: [], notes: [note] });
      assert.match(quiet, /^ALLOW {2}no findings\n {2}npm test\n\n {2}Note: Not every file this line runs was read: the 250 ms/);
      const found = renderResult({ command: 'ls && rm -rf ~/', score: 97, severity: 'critical', decision: 'gate', findings: [finding({ start: 6, end: 15 })], notes: [note] });
      assert.ok(found.trimEnd().endsWith(`Note: ${note}`), found);
    });

    it('a multi-line command shows the touched lines with numbers', () => {
      const cmd = 'cd /tmp\nrm -rf ~/\necho done';
      const text = renderResult({ command: cmd, score: 97, severity: 'critical', decision: 'gate', findings: [finding({ start: 8, end: 17 })] });
      assert.match(text, /2 \| rm -rf ~\/\n\s+\| \^~~~~~~~~\n/);
      assert.ok(!text.includes('echo done'));
    });

    it('a long line is cut around the span', () => {
      const cmd = `echo ${'x'.repeat(300)} && rm -rf / && echo ${'y'.repeat(300)}`;
      const start = cmd.indexOf('rm -rf /');
      const text = renderResult({ command: cmd, score: 97, severity: 'critical', decision: 'gate', findings: [finding({ start, end: start + 8 })] }, { columns: 80 });
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes('rm -rf /'));
      assert.ok(lines[i].length <= 80, `${lines[i].length}`);
      assert.ok(lines[i].includes('…'));
      assert.equal(lines[i + 1].indexOf('^'), lines[i].indexOf('rm -rf /'));
    });

    it('control and invisible characters in the command are shown, not sent to the terminal', () => {
      const cmd = 'rm -rf \u202e/ \u001b[2J';
      const text = renderResult({ command: cmd, score: 97, severity: 'critical', decision: 'gate', findings: [finding({ start: 7, end: 9 })] });
      assert.ok(!text.includes('\u001b') && !text.includes('\u202e'));
      assert.match(text, /<U\+202E>\/ \^\[\[2J/);
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes('<U+202E>'));
      assert.equal(lines[i + 1].indexOf('^'), lines[i].indexOf('<U+202E>'));
    });

    it('colour only when asked', () => {
      const text = renderResult({ command: 'x', score: 0, severity: 'none', decision: 'allow', findings: [] }, { color: true });
      assert.ok(text.includes('\u001b[32m'));
    });

    it('check prints text by default', async () => {
      const f = fakeIo();
      assert.equal(await runCli(['check', '--', OPAQUE], f.io), 10);
      assert.match(f.out(), /^WARN/);
      assert.match(f.out(), /UNK001 medium/);
      assert.match(f.out(), /\^~+/);
    });
  });
});
