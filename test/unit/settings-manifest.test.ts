/**
 * package.json `contributes.configuration` and the settings module (src/core/settings.ts) declare
 * the same settings: every key in one is in the other, with the same type, default, scope, allowed
 * values and bounds. The settings editor shows what package.json says; the extension does what the
 * module says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizePolicy } from '../../src/core/policy';
import { DEFAULT_SETTINGS, type SettingDeclaration, SETTINGS, resolveSettings } from '../../src/core/settings';

const PREFIX = 'blastRadius.';

type Manifest = { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };

function manifest(): Manifest {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
}

/** Every way the declared properties and the settings module disagree, one line each. */
function drift(properties: Record<string, Record<string, unknown>>, settings: Readonly<Record<string, Readonly<SettingDeclaration>>>): string[] {
  const out: string[] = [];
  const byKey = new Map(Object.values(settings).map((d) => [PREFIX + d.key, d]));
  for (const key of Object.keys(properties)) if (!byKey.has(key)) out.push(`${key}: in package.json, not in the settings module`);
  for (const [key, d] of byKey) {
    const p = properties[key];
    if (!p) {
      out.push(`${key}: in the settings module, not in package.json`);
      continue;
    }
    const same = (what: string, a: unknown, b: unknown): void => {
      try {
        assert.deepStrictEqual(a, b);
      } catch {
        out.push(`${key}: ${what} is ${JSON.stringify(a)} in package.json, ${JSON.stringify(b)} in the settings module`);
      }
    };
    same('type', p.type, d.type);
    same('default', p.default, d.default);
    same('scope', p.scope, d.scope);
    same('enum', p.enum, d.enum === undefined ? undefined : [...d.enum]);
    same('minimum', p.minimum, d.minimum);
    same('maximum', p.maximum, d.maximum);
    const values = p.additionalProperties as { type?: unknown; enum?: unknown } | undefined;
    same('the type of its values', values?.type, d.additionalProperties?.type);
    same('the values allowed', values?.enum, d.additionalProperties ? [...d.additionalProperties.enum] : undefined);
    const items = p.items as { type?: unknown; properties?: Record<string, { type?: unknown }> } | undefined;
    same('the type of its items', items?.type, d.items?.type);
    const fields = items?.properties;
    same('the fields of its items', fields && Object.keys(fields), d.items?.type === 'object' ? [...d.items.properties] : undefined);
    for (const [name, f] of Object.entries(fields ?? {})) same(`the type of field ${name}`, f.type, 'string');
  }
  return out;
}

describe('settings: package.json and the settings module declare the same settings', () => {
  it('agree on every key, type, default, scope, allowed value and bound', () => {
    assert.deepEqual(drift(manifest().contributes.configuration.properties, SETTINGS), []);
  });

  it('would catch a wrong default, type, scope, enum or bound, and a key missing on either side', () => {
    const wrong = manifest().contributes.configuration.properties;
    wrong['blastRadius.strictness'].default = 'strict';
    wrong['blastRadius.gate.holdChanges'].type = 'string';
    wrong['blastRadius.allow'].scope = 'window';
    (wrong['blastRadius.strictness'].enum as string[]).pop();
    wrong['blastRadius.watch.quietPeriodMs'].maximum = 5000;
    ((wrong['blastRadius.rules'].additionalProperties as { enum: string[] }).enum).push('sometimes');
    delete ((wrong['blastRadius.allow'].items as { properties: Record<string, unknown> }).properties).expires;
    delete wrong['blastRadius.ignore'];
    wrong['blastRadius.watch.everything'] = { type: 'boolean', default: true, scope: 'application' };
    const found = drift(wrong, SETTINGS);
    for (const part of [
      'blastRadius.strictness: default',
      'blastRadius.gate.holdChanges: type',
      'blastRadius.allow: scope',
      'blastRadius.strictness: enum',
      'blastRadius.watch.quietPeriodMs: maximum',
      'blastRadius.rules: the values allowed',
      'blastRadius.allow: the fields of its items',
      'blastRadius.ignore: in the settings module, not in package.json',
      'blastRadius.watch.everything: in package.json, not in the settings module',
    ]) {
      assert.ok(found.some((l) => l.startsWith(part)), `${part} not reported in:\n${found.join('\n')}`);
    }
    assert.equal(found.length, 9, found.join('\n'));
  });

  it('would catch a wrong default in the settings module too', () => {
    const wrong = { ...SETTINGS, quietPeriodMs: { ...SETTINGS.quietPeriodMs, default: 250 } };
    assert.deepEqual(drift(manifest().contributes.configuration.properties, wrong), ['blastRadius.watch.quietPeriodMs: default is 400 in package.json, 250 in the settings module']);
  });

  it('the extension starts from the declared defaults', () => {
    const { settings } = resolveSettings(() => undefined);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    for (const [name, d] of Object.entries(SETTINGS)) assert.deepEqual(settings[name as keyof typeof settings], d.default, name);
  });

  it('numbers outside the declared bounds are clamped to them', () => {
    for (const d of Object.values(SETTINGS)) {
      if (d.type !== 'number') continue;
      const at = (v: number): unknown => Object.entries(resolveSettings((key) => (key === d.key ? { globalValue: v } : undefined)).settings).find(([n]) => SETTINGS[n as keyof typeof SETTINGS]?.key === d.key)?.[1];
      assert.equal(at(-1e9), d.minimum, `${d.key} below its minimum`);
      assert.equal(at(1e12), d.maximum, `${d.key} above its maximum`);
    }
  });

  it('an allow entry keeps every field package.json declares for it', () => {
    const fields = Object.keys((manifest().contributes.configuration.properties['blastRadius.allow'].items as { properties: Record<string, unknown> }).properties);
    const entry = Object.fromEntries(fields.map((f) => [f, f === 'expires' ? '2999-01-01' : `x-${f}`]));
    assert.deepEqual(normalizePolicy({ allow: [entry] }).policy.allow, [entry]);
  });
});
