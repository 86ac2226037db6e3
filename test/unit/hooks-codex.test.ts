/**
 * Codex's config.toml, which Codex edits too: our block never swallows what Codex writes after
 * the user trusts the hook (fixtures written by the real Codex 0.171), a second install writes
 * nothing, install → uninstall gives the bytes back, and the trust hash is computed exactly as
 * Codex computes it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { formatFor } from '../../src/node/hooks/agents';
import { parseToml } from '../../src/node/hooks/codex-toml';
import { codexHookEntries, codexHookHash, codexHookStates } from '../../src/node/hooks/codex-trust';
import { ConfigError } from '../../src/node/hooks/config-formats';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'hooks', 'codex-config');
const L = '/home/u/.local/share/blast-radius/bin/blast-radius';
const OURS = `'${L}' hook codex`;
const toml = formatFor('codex', '/h/.codex/config.toml', { launcher: L, launchers: [L], platform: 'linux' });
const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const WROTE = readdirSync(DIR).filter((f) => f.endsWith('.codex-wrote.toml'));

type Table = Record<string, unknown>;
const data = (text: string): Table => JSON.parse(JSON.stringify(parseToml(text))) as Table;
const groups = (text: string): unknown[] => ((data(text).hooks as Table | undefined)?.PreToolUse as unknown[] | undefined) ?? [];
const OUR_GROUP = { matcher: 'Bash|apply_patch', hooks: [{ type: 'command', command: OURS, timeout: 30 }] };

/** The data without our group: what must survive every edit. */
function withoutOurs(d: Table): Table {
  const copy = structuredClone(d);
  const hooks = copy.hooks as Table | undefined;
  const arr = hooks?.PreToolUse as unknown[] | undefined;
  if (hooks && arr) {
    const rest = arr.filter((g) => JSON.stringify(g) !== JSON.stringify(OUR_GROUP) && !JSON.stringify(g).includes(OURS.replace(/'/g, "'")));
    if (rest.length) hooks.PreToolUse = rest;
    else delete hooks.PreToolUse;
    if (!Object.keys(hooks).length) delete copy.hooks;
  }
  return copy;
}

/** The lines from our begin marker to the line that carries our end marker. */
function ourBlock(text: string): string {
  const start = text.indexOf('# >>> blast-radius');
  const end = text.indexOf('# <<< blast-radius', start);
  assert.ok(start !== -1 && end !== -1, 'block present');
  return text.slice(start, text.indexOf('\n', end) + 1);
}

describe('hooks: Codex config.toml', () => {
  describe('files Codex wrote after the user trusted the hook', () => {
    for (const name of WROTE) {
      it(`${name}: install keeps every table Codex wrote, twice is once, uninstall keeps them too`, () => {
        const wrote = read(name);
        const installed = toml.add(wrote);
        // Codex's trust entries, project trust and UI settings are all still there, unchanged.
        assert.deepEqual(withoutOurs(data(installed)), withoutOurs(data(wrote)));
        assert.deepEqual(data(installed).hooks && (data(installed).hooks as Table).state, (data(wrote).hooks as Table).state);
        // Our group is the same group at the same index, so its trust key and hash are unchanged.
        assert.deepEqual(groups(installed), groups(wrote));
        // Nothing but our own lines sits inside our markers.
        assert.equal(ourBlock(installed).split('\n').filter(Boolean).length, 4, ourBlock(installed));
        assert.equal(toml.add(installed), installed, 'a second install writes nothing');
        assert.deepEqual(toml.find(installed), [OURS]);
        const removed = toml.remove(installed);
        assert.deepEqual(data(removed), withoutOurs(data(wrote)));
        assert.doesNotMatch(removed, /blast-radius/);
      });
    }

    it('the layout of earlier releases: Codex\'s tables move out of the block byte for byte, the block stays where it was', () => {
      const wrote = read('old-layout-last.codex-wrote.toml');
      const installed = toml.add(wrote);
      const codexTables = wrote.slice(wrote.indexOf('[hooks.state]\n'), wrote.indexOf('# <<< blast-radius'));
      assert.ok(codexTables.includes('trusted_hash') && codexTables.includes('[projects."/work/app"]'));
      assert.ok(installed.includes(codexTables), 'Codex\'s bytes kept as they were');
      assert.equal(installed.indexOf('# >>> blast-radius'), wrote.indexOf('# >>> blast-radius'), 'not moved');
      assert.ok(installed.indexOf(codexTables) > installed.indexOf('# <<< blast-radius'));
    });

    it('the current layout: the file Codex wrote is left byte for byte', () => {
      for (const name of ['new-layout.codex-wrote.toml', 'user-groups.codex-wrote.toml']) {
        const wrote = read(name);
        assert.equal(toml.add(wrote), wrote, name);
      }
    });

    it('Codex appended its tables after our end marker, not inside it (the reason for the layout)', () => {
      for (const name of ['new-layout', 'user-groups']) {
        const before = read(`${name}.before.toml`);
        const wrote = read(`${name}.codex-wrote.toml`);
        assert.equal(ourBlock(wrote), ourBlock(before), name);
      }
    });
  });

  describe('install and uninstall', () => {
    it('goes before the first table header, and after the user\'s own [[hooks.PreToolUse]] groups', () => {
      const a = toml.add('# mine\nmodel = "o3"\n\n# fast profile\n[profiles.x]\nmodel = "o4"\n');
      assert.equal(
        a,
        `# mine\nmodel = "o3"\n\n# >>> blast-radius: agent hook (managed; \`blast-radius hooks uninstall codex\` removes this block)\n[[hooks.PreToolUse]]\nmatcher = "Bash|apply_patch"\nhooks = [{ type = "command", command = "${OURS}", timeout = 30 }] # <<< blast-radius\n\n# fast profile\n[profiles.x]\nmodel = "o4"\n`,
      );
      const user = '[[hooks.PreToolUse]]\nmatcher = "Bash"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "log.sh"\n\n[profiles.x]\nmodel = "o4"\n';
      const b = toml.add(user);
      assert.ok(b.indexOf('# >>> blast-radius') > b.indexOf('command = "log.sh"') && b.indexOf('# >>> blast-radius') < b.indexOf('[profiles.x]'));
      assert.deepEqual(groups(b), [...groups(user), OUR_GROUP], 'the user\'s group keeps index 0, so its trust key stays');
      assert.equal(toml.remove(b), user);
    });

    it('a header-looking line inside a multi-line string is not a table header', () => {
      const text = 'instructions = """\n[not.a.table]\n"""\n\n[profiles.x]\nmodel = "o4"\n';
      const a = toml.add(text);
      assert.ok(a.indexOf('# >>> blast-radius') > a.indexOf('"""\n\n'), a);
      assert.deepEqual(withoutOurs(data(a)), data(text));
      assert.equal(toml.remove(a), text);
    });

    it('an entry of ours with another launcher is rewritten in place, and Codex\'s tables stay', () => {
      const other = formatFor('codex', '/h/.codex/config.toml', { launcher: '/opt/br/bin/blast-radius', launchers: ['/opt/br/bin/blast-radius', L], platform: 'linux' });
      const wrote = read('user-groups.codex-wrote.toml');
      const moved = other.add(wrote);
      assert.equal(moved.indexOf('# >>> blast-radius'), wrote.indexOf('# >>> blast-radius'));
      assert.match(moved, /command = "'\/opt\/br\/bin\/blast-radius' hook codex"/);
      assert.deepEqual((data(moved).hooks as Table).state, (data(wrote).hooks as Table).state);
      assert.equal(other.add(moved), moved);
    });

    it('refuses what it cannot edit without changing other settings, and writes nothing', () => {
      for (const bad of ['[hooks]\nPreToolUse = []\n', 'hooks = { PreToolUse = [] }\n', '[hooks.PreToolUse]\nmatcher = "x"\n', 'hooks.PreToolUse.x = 1\n', 'hooks = 1\n', 'a = [\n', '# >>> blast-radius: x\n[[hooks.PreToolUse]]\nmatcher = "mine"\nhooks = [] # <<< blast-radius\n', '# >>> blast-radius: x\nmodel = "o3"\n']) {
        assert.throws(() => toml.add(bad), ConfigError, bad);
      }
      for (const fine of ['[[hooks.PreToolUse]]\nmatcher = "x"\n', '[hooks]\n[hooks.state]\n', '[[hooks.Stop]]\n', 'x = 1']) assert.equal(toml.find(toml.add(fine)).length, 1, fine);
    });

    const key = fc.stringMatching(/^[a-z_]{1,8}$/);
    const value = fc.oneof(fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)), fc.integer().map(String), fc.constantFrom('true', '[1, 2]', '"""\n[fake]\n"""', "'''\n[[fake]]\n'''", '{ a = 1 }'));
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k} = ${v}`),
      fc.constantFrom('# note', '', '[profiles.a]', '[projects."/x"]', '[hooks.state."/h:pre_tool_use:0:0"]', '[[hooks.Stop]]', '[[mcp]]'),
    );
    const doc = fc.array(line, { maxLength: 10 }).map((ls) => (ls.length ? `${ls.join('\n')}\n` : '')).filter((t) => !t || (() => {
      try {
        parseToml(t);
        return true;
      } catch {
        return false;
      }
    })());

    it('property: install adds exactly our group, twice is once, and uninstall gives back the bytes', () => {
      fc.assert(
        fc.property(doc, (text) => {
          const a = toml.add(text);
          assert.equal(toml.add(a), a);
          assert.deepEqual(withoutOurs(data(a)), data(text || ''));
          assert.deepEqual(groups(a).at(-1), OUR_GROUP);
          if (text) assert.equal(toml.remove(a), text);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('the trust hash', () => {
    it('equals what Codex 0.171 reports for every field it hashes', () => {
      const expected = JSON.parse(read('hash-cases.codex-hooks-list.json')) as Record<string, string>;
      const entries = codexHookEntries(data(read('hash-cases.toml')).hooks, '<config.toml>', 'linux');
      assert.deepEqual(Object.fromEntries(entries.map((e) => [e.key, e.hash])), expected);
    });

    it('equals the trusted_hash Codex stored when it trusted our entry and the user\'s', () => {
      for (const name of WROTE) {
        const d = data(read(name));
        const states = codexHookStates(d);
        const source = [...states.keys()][0].replace(/:pre_tool_use:\d+:\d+$/, '');
        for (const e of codexHookEntries(d.hooks, source, 'linux')) assert.equal(states.get(e.key)?.trustedHash, e.hash, `${name} ${e.key}`);
      }
    });

    it('changes with the command, so a moved launcher needs trusting again', () => {
      const a = codexHookHash({ event: 'PreToolUse', matcher: 'Bash|apply_patch', command: OURS, timeout: 30 });
      assert.equal(a, 'sha256:f6911ce5f14525c6db5126601ea9fcc591fecf601c9909144f12ae7fae52d13f');
      assert.notEqual(codexHookHash({ event: 'PreToolUse', matcher: 'Bash|apply_patch', command: "'/opt/blast-radius' hook codex", timeout: 30 }), a);
    });
  });
});
