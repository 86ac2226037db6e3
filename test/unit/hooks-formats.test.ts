/**
 * The settings-file transforms behind `hooks install`, in-process: JSON with comments edited on
 * the syntax tree (nothing else moves), TOML and script blocks, the Copilot approval entries we
 * own, and what the extension's uninstall script removes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { extensionLauncherFor } from '../../src/cli/hooks-install';
import { SHIM_MARKER } from '../../src/core/gate/scripts';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { formatFor } from '../../src/node/hooks/agents';
import { cleanupAfterExtension, removeApprovalEntries } from '../../src/node/hooks/cleanup';
import { blockFormat, ConfigError, jsonFormat } from '../../src/node/hooks/config-formats';
import { copilotDenyEntries, planApprovals } from '../../src/node/hooks/copilot-approvals';
import { launcherText, runsLauncher } from '../../src/node/hooks/launcher';
import type { HostEnv } from '../../src/node/hooks/paths';
import { readRegistry, writeRegistry } from '../../src/node/hooks/registry';
import { installAgentHook } from '../../src/node/hooks/install';
import { addHookLocation, isEmptySettings, removeHookLocation, vscodeHookLocation } from '../../src/node/hooks/vscode-hooks';

const L = '/home/u/.local/share/blast-radius/bin/blast-radius';
const ours = { matcher: 'Bash', hooks: [{ type: 'command', command: `'${L}' hook claude-code` }] };
const format = jsonFormat({
  arrayPath: ['hooks', 'PreToolUse'],
  element: ours,
  commandsOf: (e) => ((e as { hooks?: { command?: string }[] }).hooks ?? []).map((h) => h.command ?? ''),
  isOurs: (c) => runsLauncher(c, [L], ['hook', 'claude-code']),
});

/** Removes our element (semantically) from a parsed settings object. */
function withoutOurs(v: unknown): unknown {
  const o = JSON.parse(JSON.stringify(v)) as { hooks?: { PreToolUse?: unknown[] } };
  const arr = o.hooks?.PreToolUse;
  if (arr) o.hooks!.PreToolUse = arr.filter((e) => JSON.stringify(e) !== JSON.stringify(ours));
  // Containers that held only our entry were created for it.
  if (o.hooks?.PreToolUse?.length === 0) delete o.hooks.PreToolUse;
  if (o.hooks && !Object.keys(o.hooks).length) delete o.hooks;
  return o;
}

describe('hooks: settings-file transforms', () => {
  describe('JSON with comments', () => {
    it('a trailing line comment stays with its own entry; remove gives back the exact bytes', () => {
      const text = '{\n  "a": 1, // one\n  "b": [1, 2] // two\n}\n';
      const added = format.add(text);
      assert.match(added, /"b": \[1, 2\], \/\/ two\n {2}"hooks": \{/);
      assert.equal(format.remove(added), text);
    });
    it('tabs, CRLF and inline arrays are kept as the file writes them', () => {
      const tabs = '{\r\n\t"hooks": {\r\n\t\t"PreToolUse": [\r\n\t\t\t{ "matcher": "Read", "hooks": [] }\r\n\t\t]\r\n\t}\r\n}\r\n';
      const a = format.add(tabs);
      assert.match(a, /\r\n\t\t\t\{\r\n\t\t\t\t"matcher": "Bash",/);
      assert.doesNotMatch(a.replace(/\r\n/g, ''), /\n/);
      assert.equal(format.remove(a), tabs);
      const inline = '{ "hooks": { "PreToolUse": [{ "matcher": "Read", "hooks": [] }] } }\n';
      const b = format.add(inline);
      assert.equal(b.split('\n').length, 2, 'stays on one line');
      assert.equal(format.remove(b), inline);
    });
    it('refuses what it cannot edit safely', () => {
      assert.throws(() => format.add('{ "hooks": { "PreToolUse": {} } }'), ConfigError);
      assert.throws(() => format.add('[1, 2]'), ConfigError);
      assert.throws(() => format.add('{ "a": '), ConfigError);
    });

    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'hooks' && k !== '__proto__');
    const other = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 });
    const settings = fc.record({
      base: other,
      existing: fc.option(fc.array(fc.record({ matcher: fc.constantFrom('Read', 'Write', 'Bash'), hooks: fc.constant([{ type: 'command', command: 'audit.sh' }]) }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      indent: fc.constantFrom(2, 4, '\t'),
      crlf: fc.boolean(),
    });
    const render = (s: { base: Record<string, unknown>; existing?: unknown[]; indent: number | string; crlf: boolean }): string => {
      const obj = s.existing ? { ...s.base, hooks: { PreToolUse: s.existing } } : s.base;
      const t = `${JSON.stringify(obj, null, s.indent)}\n`;
      return s.crlf ? t.replace(/\n/g, '\r\n') : t;
    };

    it('property: install adds exactly our entry, twice is once, and uninstall gives back the bytes', () => {
      fc.assert(
        fc.property(settings, (s) => {
          const text = render(s);
          const added = format.add(text);
          assert.equal(format.add(added), added, 'idempotent');
          // JSON.parse, not jsonc-parser: the generated texts have no comments, and only JSON.parse keeps a `__proto__` key as data.
          assert.deepEqual(withoutOurs(JSON.parse(added)), withoutOurs(JSON.parse(text)), 'nothing else changed');
          assert.equal(format.find(added).length, 1);
          assert.equal(format.remove(added), text, 'byte-exact round trip');
        }),
        { numRuns: 300 },
      );
    });
  });

  // Codex's config.toml has its own tests: hooks-codex.test.ts.
  describe('VS Code: our hook folder in chat.hookFilesLocations', () => {
    const dir = '/home/u/.local/share/blast-radius/vscode-hooks';

    it('is named from the home folder (~/), which VS Code 1.139 reads, not absolutely, which it skips', () => {
      const h = (platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv = {}) => ({ platform, home, env });
      assert.equal(vscodeHookLocation(h('linux', '/home/u')), '~/.local/share/blast-radius/vscode-hooks');
      assert.equal(vscodeHookLocation(h('linux', '/home/u', { XDG_DATA_HOME: '/home/u/data' })), '~/data/blast-radius/vscode-hooks');
      assert.equal(vscodeHookLocation(h('darwin', '/Users/u')), '~/.local/share/blast-radius/vscode-hooks');
      assert.equal(vscodeHookLocation(h('win32', 'C:\\Users\\u')), '~/AppData/Local/blast-radius/vscode-hooks', 'forward slashes: VS Code refuses a backslash');
      // Outside the home folder there is no other way to name it.
      assert.equal(vscodeHookLocation(h('linux', '/home/u', { XDG_DATA_HOME: '/srv/data' })), '/srv/data/blast-radius/vscode-hooks');
    });
    const cases: [string, string][] = [
      ['CRLF and tabs, a comment after the last property', '{\r\n\t"a": 1 // one\r\n}\r\n'],
      ['one line', '{ "a": 1, "b": { "c": [1, 2] } }'],
      ['the setting with other folders, a trailing comma', '{\n    "chat.hookFilesLocations": {\n        ".github/hooks": true,\n    },\n    /* end */\n}\n'],
      ['a comment before the object', '// settings\n{\n  "x": "y"\n}\n'],
    ];
    for (const [name, text] of cases) {
      it(`${name}: adds exactly our folder; remove gives back the exact bytes`, () => {
        const added = addHookLocation(text, dir, 'settings.json');
        const before = parseJsonc(text) as Record<string, unknown>;
        const after = parseJsonc(added) as Record<string, Record<string, unknown>>;
        assert.deepEqual(after['chat.hookFilesLocations'], { ...(before['chat.hookFilesLocations'] as object), [dir]: true });
        for (const k of Object.keys(before)) if (k !== 'chat.hookFilesLocations') assert.deepEqual(after[k], before[k]);
        assert.equal(addHookLocation(added, dir, 'settings.json'), added, 'idempotent');
        assert.equal(removeHookLocation(added, dir), text);
      });
    }
    it('a settings object with nothing in it: the layout inside the braces is not kept by the text transform (install records it)', () => {
      const added = addHookLocation('{\n}\n', dir, 'settings.json');
      assert.deepEqual(parseJsonc(added), { 'chat.hookFilesLocations': { [dir]: true } });
      assert.deepEqual(parseJsonc(removeHookLocation(added, dir)), {});
      assert.ok(isEmptySettings('{\n}\n') && isEmptySettings('// c\n{ /* x */ }') && !isEmptySettings('{ "a": 1 }') && !isEmptySettings('') && !isEmptySettings('{'));
    });
    it('text that is not JSON, or a setting that is not an object, is refused with the file named; remove leaves it', () => {
      assert.throws(() => addHookLocation('{ "a": ', dir, '/x/settings.json'), (e: unknown) => e instanceof ConfigError && /\/x\/settings\.json is not valid JSON .*line 1/.test(e.message));
      assert.throws(() => addHookLocation('{ "chat.hookFilesLocations": [".github/hooks"] }', dir, 's.json'), /is not an object/);
      assert.equal(removeHookLocation('{ "a": ', dir), '{ "a": ');
    });
    it('remove takes only our folder, and only when it is on', () => {
      const text = `{ "chat.hookFilesLocations": { "x": true, ${JSON.stringify(dir)}: true } }`;
      assert.equal(removeHookLocation(text, dir), '{ "chat.hookFilesLocations": { "x": true } }');
      const off = `{ "chat.hookFilesLocations": { ${JSON.stringify(dir)}: false } }`;
      assert.equal(removeHookLocation(off, dir), off);
    });
  });

  describe('marked blocks (git hooks)', () => {
    it('script blocks go right after the shebang, before any `exit 0` of the hook', () => {
      const f = blockFormat({ begin: '# >>> blast-radius: test', end: '# <<< blast-radius', body: 'check', afterShebang: true, newFile: (b) => `#!/bin/sh\n${b}`, commandsOf: (b) => [b] });
      assert.equal(f.add('#!/bin/bash\nexit 0\n'), '#!/bin/bash\n# >>> blast-radius: test\ncheck\n# <<< blast-radius\nexit 0\n');
      assert.equal(f.remove(f.add('#!/bin/bash\nexit 0\n')), '#!/bin/bash\nexit 0\n');
      assert.equal(f.add(undefined), '#!/bin/sh\n# >>> blast-radius: test\ncheck\n# <<< blast-radius\n');
    });
  });

  describe('Copilot approval entries', () => {
    const entries = copilotDenyEntries(COMMAND_RULES);
    const regexOf = (k: string): RegExp => {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(k);
      assert.ok(m, k);
      return new RegExp(m[1], m[2]);
    };
    const denied = (cmd: string): boolean => Object.keys(entries).some((k) => regexOf(k).test(cmd));

    it('are regular expressions with value false, derived from the high and critical rules', () => {
      assert.ok(Object.keys(entries).length > 50);
      for (const [k, v] of Object.entries(entries)) {
        assert.equal(v, false);
        regexOf(k);
      }
    });
    it('catch destructive commands and leave everyday ones alone', () => {
      for (const c of ['rm -rf dist', 'sudo rm -r /', 'rm --recursive x', 'terraform destroy', 'terraform -chdir=infra destroy -auto-approve', 'git push --force origin main', 'kubectl delete ns prod', 'aws s3 rb s3://b --force', 'helm uninstall web', 'npm publish', 'dropdb app', 'mkfs.ext4 /dev/sdb1', 'docker volume rm data']) {
        assert.ok(denied(c), `should ask before: ${c}`);
      }
      for (const c of ['rm notes.txt', 'git status', 'git commit -m x', 'ls -la', 'npm test', 'kubectl get pods', 'terraform plan', 'aws s3 ls', 'echo rm -rf /', 'python script.py', 'cat dropbear.conf']) {
        assert.ok(!denied(c), `should not ask before: ${c}`);
      }
    });
    it('a re-run replaces only our entries; the user\'s stay, a changed one of ours becomes theirs', () => {
      const first = planApprovals({ 'git status': true, '/^npm test$/': true }, {}, { a: false, b: false });
      assert.deepEqual(first.next, { 'git status': true, '/^npm test$/': true, a: false, b: false });
      assert.deepEqual(first.owned, { a: false, b: false });
      // The user flips b to true; the rule set now has a and c.
      const second = planApprovals({ ...first.next, b: true }, first.owned, { a: false, c: false });
      assert.deepEqual(second.next, { 'git status': true, '/^npm test$/': true, b: true, a: false, c: false });
      assert.deepEqual(second.owned, { a: false, c: false });
      assert.deepEqual(second.added, ['c']);
      // Same again: nothing moves.
      const third = planApprovals(second.next, second.owned, { a: false, c: false });
      assert.deepEqual(third.next, second.next);
      assert.deepEqual(third.added, []);
      // A key the user already had is theirs.
      const fourth = planApprovals({ a: true }, {}, { a: false });
      assert.deepEqual(fourth.next, { a: true });
      assert.deepEqual(fourth.userKept, ['a']);
    });
  });

  describe('the extension\'s uninstall', () => {
    let tmp = '';
    let host: HostEnv;
    beforeEach(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'br-cleanup-'));
      host = { env: { XDG_DATA_HOME: path.join(tmp, 'data') }, home: path.join(tmp, 'home'), platform: 'linux' };
      mkdirSync(host.home);
    });
    afterEach(() => rmSync(tmp, { recursive: true, force: true }));

    it('removes our hooks, launchers, shims and approval entries; leaves everything else', () => {
      const storage = path.join(tmp, 'User', 'globalStorage', 'blast-radius.blast-radius');
      const extLauncher = path.join(storage, 'bin', 'blast-radius');
      mkdirSync(path.dirname(extLauncher), { recursive: true });
      writeFileSync(extLauncher, '#!/bin/sh\n# Managed by the Blast Radius extension\n');
      mkdirSync(path.join(storage, 'shims', 'rm'), { recursive: true });
      mkdirSync(path.join(storage, 'gate'), { recursive: true });
      writeFileSync(path.join(storage, 'gate', 'ask.bash'), '# helper\n');
      writeFileSync(path.join(storage, 'bin', 'rm'), `#!/bin/sh\n# ${SHIM_MARKER}\nexec /bin/rm "$@"\n`);
      writeFileSync(path.join(storage, 'bin', 'my-tool'), '#!/bin/sh\necho mine\n');
      const dist = path.join(tmp, 'ext', 'dist');
      const xdg = path.join(tmp, 'data', 'blast-radius', 'bin', 'blast-radius');
      mkdirSync(path.dirname(xdg), { recursive: true });
      writeFileSync(xdg, launcherText('linux', process.execPath, path.join(dist, 'cli.js')));

      const claude = path.join(host.home, '.claude', 'settings.json');
      mkdirSync(path.dirname(claude), { recursive: true });
      const userText = '{\n  // mine\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "audit.sh" }] }\n    ]\n  }\n}\n';
      const withExt = formatFor('claude-code', claude, { launcher: extLauncher, launchers: [extLauncher], platform: 'linux' }).add(userText);
      writeFileSync(claude, withExt);
      const cursor = path.join(host.home, '.cursor', 'hooks.json');
      mkdirSync(path.dirname(cursor), { recursive: true });
      writeFileSync(cursor, formatFor('cursor', cursor, { launcher: xdg, launchers: [xdg], platform: 'linux' }).add(undefined));

      const settings = path.join(tmp, 'User', 'settings.json');
      writeFileSync(settings, '{\n  "editor.fontSize": 14,\n  "chat.tools.terminal.autoApprove": {\n    "git status": true,\n    "/^rm/": false,\n    "/^dd/": false\n  }\n}\n');
      writeRegistry(host, {
        version: 1,
        installs: [
          { agent: 'claude-code', scope: 'user', file: claude, launcher: extLauncher },
          { agent: 'cursor', scope: 'user', file: cursor, launcher: xdg },
        ],
        extensions: [{ globalStorage: storage, settingsFile: settings }],
        copilotApprovals: [{ settingsFile: settings, entries: { '/^rm/': false, '/^dd/': false } }],
      });

      // The hook's code cache and a warm server's socket, beside a file that is not ours.
      const cache = path.join(host.env.XDG_CACHE_HOME ?? path.join(host.home, '.cache'), 'blast-radius');
      mkdirSync(cache, { recursive: true });
      const ours = ['engine-4567cdef.bin', 'engine-4567cdef.bin.4242.k3j2.tmp', 'engine-more-89ab0123.bin', 'engine-parsers-1a2b3c4d.bin', 'engine-grammar-5e6f7a8b.bin', 'engine-rules-self-0f1e2d3c.bin', 'engine-rules-remote-exec-4b5a6978.bin', 'hook-core-0123abcd.bin', 'hook-edit-89ab4567.bin', 'cli-core-76543210.bin', 'scan-0a1b2c3d.bin', 'hook-core-0123abcd.bin.4242.k3j2.tmp', 'hook-fe06db12.sock', 'hook-fe06db12.sock.starting', 'hook-server.log'];
      for (const f of [...ours, 'notes.txt']) writeFileSync(path.join(cache, f), 'x');

      const lines = cleanupAfterExtension({ host, distDir: dist });
      assert.ok(lines.length >= 5, lines.join('\n'));
      assert.deepEqual(readdirSync(cache), ['notes.txt'], 'the hook cache goes, the rest of the folder stays');
      assert.ok(lines.some((l) => /code cache and the hook server sockets/.test(l)), lines.join('\n'));
      assert.equal(readFileSync(claude, 'utf8'), userText, 'the user\'s own hook and comment stay');
      assert.ok(!existsSync(cursor), 'a file holding only our hook goes');
      assert.ok(!existsSync(extLauncher) && !existsSync(xdg), 'launchers removed');
      assert.ok(!existsSync(path.join(storage, 'shims')) && !existsSync(path.join(storage, 'gate')), 'gate folders removed');
      assert.ok(!existsSync(path.join(storage, 'bin', 'rm')), 'gate shims removed');
      assert.ok(existsSync(path.join(storage, 'bin', 'my-tool')), 'a file that is not ours stays');
      assert.equal(readFileSync(settings, 'utf8'), '{\n  "editor.fontSize": 14,\n  "chat.tools.terminal.autoApprove": {\n    "git status": true\n  }\n}\n');
      assert.deepEqual(readRegistry(host), { version: 1, installs: [], extensions: [], copilotApprovals: [] });
    });

    it('leaves an XDG launcher that runs another CLI, and hooks that run it', () => {
      const xdg = path.join(tmp, 'data', 'blast-radius', 'bin', 'blast-radius');
      mkdirSync(path.dirname(xdg), { recursive: true });
      writeFileSync(xdg, launcherText('linux', process.execPath, '/usr/lib/node_modules/blast-radius/dist/cli.js'));
      const claude = path.join(host.home, '.claude', 'settings.json');
      mkdirSync(path.dirname(claude), { recursive: true });
      const text = formatFor('claude-code', claude, { launcher: xdg, launchers: [xdg], platform: 'linux' }).add(undefined);
      writeFileSync(claude, text);
      writeRegistry(host, { version: 1, installs: [{ agent: 'claude-code', scope: 'user', file: claude, launcher: xdg }], extensions: [], copilotApprovals: [] });
      cleanupAfterExtension({ host, distDir: path.join(tmp, 'ext', 'dist') });
      assert.ok(existsSync(xdg));
      assert.equal(readFileSync(claude, 'utf8'), text);
    });

    it('VS Code agents: the hook file goes and our folder leaves the editor settings byte for byte, other hook folders stay', () => {
      const storage = path.join(tmp, 'User', 'globalStorage', 'blast-radius.blast-radius');
      const extLauncher = path.join(storage, 'bin', 'blast-radius');
      mkdirSync(path.dirname(extLauncher), { recursive: true });
      writeFileSync(extLauncher, '#!/bin/sh\n# Managed by the Blast Radius extension\n');
      const settings = path.join(tmp, 'User', 'settings.json');
      const userText = '{\n  // mine\n  "chat.hookFilesLocations": { "~/team-hooks": true },\n  "editor.fontSize": 14\n}\n';
      writeFileSync(settings, userText);
      writeRegistry(host, { version: 1, installs: [], extensions: [{ globalStorage: storage, settingsFile: settings }], copilotApprovals: [] });
      const r = installAgentHook({ agent: 'vscode', scope: 'user', host, projectDir: tmp, launcher: { launcher: extLauncher, launchers: [extLauncher] }, editorSettings: settings });
      assert.ok(readFileSync(settings, 'utf8').includes(JSON.stringify(vscodeHookLocation(host))));
      assert.ok(existsSync(r.file));

      const lines = cleanupAfterExtension({ host, distDir: path.join(tmp, 'ext', 'dist') });
      assert.ok(!existsSync(r.file), lines.join('\n'));
      assert.equal(readFileSync(settings, 'utf8'), userText);
      assert.ok(lines.some((l) => /chat\.hookFilesLocations/.test(l)), lines.join('\n'));
    });

    it('a CLI run from inside the extension registers the extension\'s launcher, not one pinned to its versioned folder', () => {
      const storage = path.join(tmp, 'User', 'globalStorage', 'blast-radius.blast-radius');
      writeRegistry(host, { version: 1, installs: [], extensions: [{ globalStorage: storage }], copilotApprovals: [] });
      const extCli = path.join(tmp, '.vscode', 'extensions', 'blast-radius.blast-radius-0.1.0', 'dist', 'cli.js');
      const launcherPath = path.join(storage, 'bin', 'blast-radius');
      assert.equal(extensionLauncherFor(extCli, host, (p) => p === launcherPath), launcherPath);
      assert.equal(extensionLauncherFor(extCli, host, () => false), undefined, 'not written yet: use the XDG launcher');
      assert.equal(extensionLauncherFor('/usr/lib/node_modules/blast-radius/dist/cli.js', host, () => true), undefined, 'an npm install keeps the XDG launcher');
    });

    it('approval entries the user changed since are kept', () => {
      const settings = path.join(tmp, 'settings.json');
      writeFileSync(settings, '{ "chat.tools.terminal.autoApprove": { "/^rm/": true } }\n');
      assert.equal(removeApprovalEntries(settings, { '/^rm/': false }), 0);
      assert.equal(readFileSync(settings, 'utf8'), '{ "chat.tools.terminal.autoApprove": { "/^rm/": true } }\n');
    });
  });
});
