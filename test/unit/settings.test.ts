import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyOverride, strictnessRank } from '../../src/core/policy';
import { type Inspected, policyFromSettings, resolveSettings, SETTING_KEYS, strictnessSources, withAllowEntry } from '../../src/core/settings';
import { SEVERITIES, STRICTNESS_LEVELS } from '../../src/core/types';

function reader(values: Record<string, Inspected>): (key: string) => Inspected | undefined {
  return (key) => values[key];
}

describe('settings: a workspace may tighten, never loosen', () => {
  it('defaults when nothing is set', () => {
    const { settings, problems } = resolveSettings(reader({}));
    assert.equal(settings.strictness, 'balanced');
    assert.equal(settings.watchEdits, true);
    assert.deepEqual(problems, []);
  });

  it('a workspace "off" does not lower a user "balanced"', () => {
    const { settings, ignoredLoosening } = resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: 'balanced', workspaceValue: 'off' } }));
    assert.equal(settings.strictness, 'balanced');
    assert.equal(ignoredLoosening.length, 1);
  });

  it('a workspace "off" does not lower the default either', () => {
    assert.equal(resolveSettings(reader({ [SETTING_KEYS.strictness]: { workspaceValue: 'off', workspaceFolderValue: 'relaxed' } })).settings.strictness, 'balanced');
  });

  it('a workspace or folder may raise strictness', () => {
    assert.equal(resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: 'relaxed', workspaceValue: 'strict' } })).settings.strictness, 'strict');
    assert.equal(resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: 'relaxed', workspaceFolderValue: 'paranoid' } })).settings.strictness, 'paranoid');
  });

  it('the user may loosen their own strictness', () => {
    assert.equal(resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: 'off' } })).settings.strictness, 'off');
  });

  it('workspace rule overrides only raise; allow and ignore lists from a workspace are ignored', () => {
    const { settings, ignoredLoosening } = resolveSettings(
      reader({
        [SETTING_KEYS.rules]: { globalValue: { GIT001: 'downgrade' }, workspaceValue: { FS001: 'off', DB001: 'critical', 'IAC*': 'upgrade' } },
        [SETTING_KEYS.allow]: { workspaceValue: [{ command: 'rm -rf /' }] },
        [SETTING_KEYS.ignore]: { workspaceFolderValue: ['**'] },
      }),
    );
    assert.deepEqual(settings.rules, { GIT001: 'downgrade' });
    assert.deepEqual(settings.floors, { DB001: 'critical', 'IAC*': 'upgrade' });
    assert.deepEqual(settings.allow, []);
    assert.deepEqual(settings.ignore, []);
    assert.equal(ignoredLoosening.length, 3);
  });

  it('production: a workspace adds targets, never removes the user\'s or opts in to lowering', () => {
    const { settings, ignoredLoosening } = resolveSettings(
      reader({ [SETTING_KEYS.production]: { globalValue: { accounts: ['111111111111'] }, workspaceValue: { accounts: ['222222222222'], lowerLocal: true }, workspaceFolderValue: { names: ['blue-*'] } } }),
    );
    assert.deepEqual(settings.production, { accounts: ['111111111111', '222222222222'], names: ['blue-*'] });
    assert.equal(ignoredLoosening.length, 1);
    assert.deepEqual(policyFromSettings(settings).production, settings.production);
    const user = resolveSettings(reader({ [SETTING_KEYS.production]: { globalValue: { lowerLocal: true } } })).settings;
    assert.equal(user.production?.lowerLocal, true);
  });

  it('a workspace cannot switch watching off, but can switch it on', () => {
    const off = resolveSettings(reader({ [SETTING_KEYS.watchTerminal]: { workspaceValue: false } })).settings;
    assert.equal(off.watchTerminal, true);
    const on = resolveSettings(reader({ [SETTING_KEYS.watchDisk]: { globalValue: false, workspaceValue: true } })).settings;
    assert.equal(on.watchDisk, true);
  });

  it('bad values fall back to defaults and are reported', () => {
    const { settings, problems } = resolveSettings(
      reader({
        [SETTING_KEYS.strictness]: { globalValue: 'maximum' },
        [SETTING_KEYS.watchEdits]: { globalValue: 'yes' },
        [SETTING_KEYS.baselineMaxFileKB]: { globalValue: -5 },
        [SETTING_KEYS.quietPeriodMs]: { globalValue: 'soon' },
        [SETTING_KEYS.rules]: { globalValue: { FS001: 'sometimes' } },
        [SETTING_KEYS.allow]: { globalValue: 'everything' },
      }),
    );
    assert.equal(settings.strictness, 'balanced');
    assert.equal(settings.watchEdits, true);
    assert.equal(settings.baselineMaxFileKB, 1);
    assert.equal(settings.quietPeriodMs, 400);
    assert.deepEqual(settings.rules, {});
    assert.ok(problems.length >= 6, JSON.stringify(problems));
  });

  it('for any values in any scope, the result is at least as strict as the user scope alone', () => {
    const level = fc.option(fc.constantFrom(...STRICTNESS_LEVELS, 'bogus'), { nil: undefined });
    const override = fc.dictionary(fc.constantFrom('FS001', 'GIT*', 'DB00?'), fc.constantFrom('upgrade', 'downgrade', 'off', ...SEVERITIES));
    fc.assert(
      fc.property(level, level, level, fc.option(override, { nil: undefined }), fc.option(override, { nil: undefined }), fc.constantFrom(...SEVERITIES), (g, w, f, ur, wr, sev) => {
        const userOnly = resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: g }, [SETTING_KEYS.rules]: { globalValue: ur } })).settings;
        const all = resolveSettings(reader({ [SETTING_KEYS.strictness]: { globalValue: g, workspaceValue: w, workspaceFolderValue: f }, [SETTING_KEYS.rules]: { globalValue: ur, workspaceValue: wr } })).settings;
        assert.ok(strictnessRank(all.strictness) >= strictnessRank(userOnly.strictness));
        const pu = policyFromSettings(userOnly);
        const pa = policyFromSettings(all);
        for (const id of ['FS001', 'GIT003', 'DB001']) {
          const a = applyOverride(id, sev, pa.rules, pa.floors);
          const u = applyOverride(id, sev, pu.rules, pu.floors);
          const r = (s: typeof a): number => (s === undefined ? 0 : SEVERITIES.indexOf(s) + 1);
          assert.ok(r(a) >= r(u), `${id}: ${u} -> ${a}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('settings: where the strictness comes from', () => {
  it('names the user value and the strictest workspace or folder value', () => {
    assert.deepEqual(strictnessSources({ globalValue: 'relaxed', workspaceValue: 'strict', workspaceFolderValue: 'paranoid' }), { user: 'relaxed', workspace: 'paranoid' });
    assert.deepEqual(strictnessSources({ workspaceValue: 'strict', workspaceFolderValue: 'relaxed' }), { workspace: 'strict' });
    assert.deepEqual(strictnessSources({ defaultValue: 'balanced' }), {});
    assert.deepEqual(strictnessSources(undefined), {});
  });

  it('leaves out values that are not a strictness', () => {
    assert.deepEqual(strictnessSources({ globalValue: 'maximum', workspaceValue: 3 }), {});
  });
});

describe('settings: adding to the user allow-list', () => {
  it('adds a command for a workspace once', () => {
    const list = withAllowEntry(undefined, { command: 'terraform destroy', workspace: '/w' });
    assert.deepEqual(list, [{ command: 'terraform destroy', workspace: '/w' }]);
    assert.equal(withAllowEntry(list, { command: 'terraform destroy', workspace: '/w' }), undefined);
    assert.deepEqual(withAllowEntry(list, { command: 'terraform destroy', workspace: '/other' })?.length, 2);
  });

  it('a command allowed in one environment is added again for another: each entry is bound to where it was granted', () => {
    const dev = { command: 'kubectl delete deployment web', workspace: '/w', environment: 'kubernetes:kube context=dev-eu-1' };
    const list = withAllowEntry(undefined, dev);
    assert.equal(withAllowEntry(list, dev), undefined);
    assert.deepEqual(withAllowEntry(list, { ...dev, environment: 'kubernetes:kube context=dev-us-east-2' })?.length, 2);
  });

  it('adds a rule for a path once; an entry for a command does not count as one for a path', () => {
    const list = withAllowEntry([{ command: 'x', path: 'a.tf', rule: 'TF001' }], { path: 'a.tf', rule: 'TF001' });
    assert.deepEqual(list, [{ command: 'x', path: 'a.tf', rule: 'TF001' }, { path: 'a.tf', rule: 'TF001' }]);
    assert.equal(withAllowEntry(list, { path: 'a.tf', rule: 'TF001' }), undefined);
    assert.equal(withAllowEntry(list, { path: 'a.tf', rule: 'TF002' })?.length, 3);
  });

  it('keeps entries it cannot read as they are, and starts afresh from a value that is not a list', () => {
    assert.deepEqual(withAllowEntry(['junk', null, { path: 'b' }], { path: 'a', rule: 'R' }), ['junk', null, { path: 'b' }, { path: 'a', rule: 'R' }]);
    assert.deepEqual(withAllowEntry('everything', { path: 'a', rule: 'R' }), [{ path: 'a', rule: 'R' }]);
  });
});
