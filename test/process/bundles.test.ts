/**
 * What scripts/build.mjs writes to dist/: every rule ships once, a command rule in its pack's
 * engine-rules-<folder>.js (loaded when a line triggers the pack), an edit rule in engine-core.js
 * or engine-more.js (loaded on demand), never in engine.js (what
 * an everyday hook call loads), which the CLI entries, the editor extension and the uninstall
 * script all use; and `npm pack` (the standalone CLI) ships every
 * bundle the CLI and the hook load.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { prefilterAllows } from '../../src/core/prefilter';
import { prefilterTriggers } from '../../src/core/rules/prefilter-triggers';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { packFolders } from '../../scripts/rule-files';
import { buildCliOnce } from '../helpers/build';
import { loadCorpus } from '../helpers/corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

describe('the bundles in dist/', function () {
  this.timeout(120_000);
  before(() => buildCliOnce());

  it('every bundle is ASCII: V8 holds a source with one other character as two bytes a character, and Node decodes it the slow way', () => {
    for (const b of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const bytes = readFileSync(path.join(DIST, b));
      const at = bytes.findIndex((x) => x > 0x7f);
      const text = bytes.toString('latin1');
      assert.equal(at, -1, `${b}: a non-ASCII byte at ${at}: …${text.slice(Math.max(0, at - 60), at + 20)}…`);
    }
  });

  it("every rule ships once: a command rule in its pack's engine-rules-<folder>.js (but one the core imports, and the packs engine-core.js keeps), an edit rule in engine-core.js or engine-more.js, in no other bundle", () => {
    const bundles = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    const text = new Map(bundles.map((b) => [b, readFileSync(path.join(DIST, b), 'latin1')]));
    // A rule's summary is a string literal the minifier keeps as written, but for quotes and
    // non-ASCII characters (escaped): its longest stretch without them stands for it.
    const mark = (summary: string): string => summary.split(/[^\x20-\x7e]|["'`\\]/).sort((x, y) => y.length - x.length)[0];
    // Each command rule's pack folder, from the folders' own index files.
    const folderOf = new Map<string, string>();
    for (const folder of packFolders(ROOT, 'command')) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(ROOT, 'src/core/rules', folder, 'index.ts')) as Record<string, { rules?: readonly { id: string }[] }>;
      for (const p of Object.values(mod)) for (const r of p.rules ?? []) folderOf.set(r.id, folder);
    }
    assert.equal(folderOf.size, COMMAND_RULES.length);
    // A pack's bundle, or engine-core.js for the few packs it keeps (scripts/rule-bundles.mjs).
    const packHome = (folder: string): string => (bundles.includes(`engine-rules-${folder}.js`) ? `engine-rules-${folder}.js` : 'engine-core.js');
    assert.ok(bundles.filter((b) => b.startsWith('engine-rules-')).length >= 10, bundles.join(' '));
    // A rule the core's own code imports goes with it: follow/diskpart.ts judges a diskpart
    // script's `format` with FS011's check.
    const inCore = ['FS011'];
    const rules = [...COMMAND_RULES.map((r) => ({ r, home: [inCore.includes(r.id) ? 'engine-core.js' : packHome(folderOf.get(r.id)!)] })), ...EDIT_RULES.map((r) => ({ r, home: ['engine-core.js', 'engine-more.js'] }))].filter(({ r }) => mark(r.summary).length >= 30);
    assert.ok(rules.length >= (COMMAND_RULES.length + EDIT_RULES.length) * 0.9, `only ${rules.length} summaries to look for`);
    for (const { r, home } of rules) {
      const found = bundles.filter((b) => text.get(b)!.includes(mark(r.summary)));
      assert.equal(found.length, 1, `${r.id} is in ${found.join(', ') || 'no bundle'}`);
      assert.ok(home.includes(found[0]), `${r.id} is in ${found[0]}`);
    }
  });

  it("each engine bundle's import helpers hand a shared module's namespace on as it is, not a copy per importer", () => {
    const engines = readdirSync(DIST).filter((f) => /^engine(-[\w-]+)?\.js$/.test(f));
    assert.ok(engines.length >= 10, engines.join(' '));
    for (const b of engines) {
      const text = readFileSync(path.join(DIST, b), 'latin1');
      // scripts/build.mjs (patchInterop): `__toESM(mod)` returns `mod` when it is marked __esModule.
      assert.match(text, /var [\w$]+=\(([\w$]+),([\w$]+),[\w$]+\)=>\1&&\1\.__esModule&&!\2\?\1:/, b);
      // And `__toCommonJS(ns)` marks the namespace and returns it, not a copy.
      assert.match(text, /[\w$]+=([\w$]+)=>\(Object\.prototype\.hasOwnProperty\.call\(\1,"__esModule"\)\|\|[\w$]+\(\1,"__esModule",\{value:!0\}\),\1\)/, b);
    }
  });

  it("engine.js's pre-filter, with the rules' triggers the build wrote in as data, answers as the registry's over the corpus and every trigger", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engine = require(path.join(DIST, 'engine.js')) as { shared(name: string): unknown };
    const bundled = (engine.shared('src/core/prefilter.ts') as { prefilterAllows: typeof prefilterAllows }).prefilterAllows;
    const { programs, assignments } = prefilterTriggers();
    const lines = [
      ...loadCorpus().map((c) => ({ cmd: c.cmd, shell: c.shell ?? ('bash' as const) })),
      // Every program the rules name, alone, with each word that makes it worth a look, and with another word.
      ...[...programs].flatMap(([p, e]) => [p, `${p} x`, `/usr/bin/${p} --version`, ...[...e.subcommands].map((w) => `${p} ${w}`)].map((cmd) => ({ cmd, shell: 'bash' as const }))),
      // Every variable a rule judges before a program, and one none does.
      ...[...assignments, 'NO_RULE_READS_THIS'].map((a) => ({ cmd: `${a}=1 ls`, shell: 'bash' as const })),
    ];
    assert.ok(lines.length > 5000, `${lines.length} lines`);
    let allowed = 0;
    for (const { cmd, shell } of lines) {
      for (const follow of [false, true]) {
        const want = prefilterAllows(cmd, shell, { follow });
        assert.equal(bundled(cmd, shell, { follow }), want, `${JSON.stringify(cmd)} (${shell}, follow ${follow})`);
        if (want) allowed++;
      }
    }
    // Both answers occur (a pre-filter that refused everything would agree with nothing here).
    assert.ok(allowed > 100, `${allowed} allowed`);
  });

  it('npm pack ships what the CLI and the hook load: check, rules, scan and hook run from the package', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-pack-'));
    try {
      // The bundles are built already; prepack would only build them again.
      const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(packed.status, 0, packed.stderr);
      const tarball = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
      const unpacked = path.join(tmp, 'unpacked');
      mkdirSync(unpacked);
      const tar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked], { encoding: 'utf8' });
      assert.equal(tar.status, 0, tar.stderr);
      const dist = path.join(unpacked, 'package', 'dist');
      const home = path.join(tmp, 'home');
      mkdirSync(home);
      const run = (args: string[], input = ''): { status: number | null; stdout: string; stderr: string } =>
        spawnSync(process.execPath, args, { cwd: tmp, input, env: { PATH: process.env.PATH, HOME: home, BLAST_RADIUS_HOOK_SERVER: 'off' }, encoding: 'utf8' });
      const check = run([path.join(dist, 'cli.js'), 'check', '--', 'rm -rf ~/']);
      assert.equal(check.status, 20, check.stdout + check.stderr);
      assert.match(check.stdout, /FS001/);
      const rules = run([path.join(dist, 'cli.js'), 'rules', '--format', 'json']);
      assert.equal(rules.status, 0, rules.stderr);
      assert.equal((JSON.parse(rules.stdout) as unknown[]).length, COMMAND_RULES.length + EDIT_RULES.length);
      const scan = run([path.join(dist, 'cli.js'), 'scan', '--help']);
      assert.equal(scan.status, 0, scan.stderr);
      const payload = JSON.stringify({ session_id: 's', cwd: tmp, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });
      const hook = run([path.join(dist, 'hook.js'), 'codex'], payload);
      assert.equal(hook.status, 0, hook.stderr);
      assert.match(hook.stdout, /"permissionDecision":"deny".*IAC001/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
