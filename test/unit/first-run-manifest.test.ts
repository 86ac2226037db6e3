/**
 * What a new user reads first, as package.json declares it: the empty Recent Events view (its
 * welcome entries and the context keys they read), the walkthrough, and the settings editor's order
 * and words for the strictness.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STRICTNESS_LEVELS } from '../../src/core/types';
import { strictnessMeaning } from '../../src/core/ui-text';
import { AGENT_IDS } from '../../src/node/hooks/agents';

const ROOT = path.join(__dirname, '..', '..');

interface Welcome {
  view: string;
  contents: string;
  when?: string;
}
interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    viewsWelcome: Welcome[];
    walkthroughs: { id: string; steps: Step[] }[];
    configuration: { properties: Record<string, { order?: number; enum?: string[]; enumDescriptions?: string[] }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const contributes = manifest.contributes;
/** The commands a `command:` link may name: ours, and the workbench's own that we use. */
const known = new Set([...contributes.commands.map((c) => c.command), 'blastRadius.events.focus', 'workbench.action.openWalkthrough', 'workbench.action.openSettings']);

function links(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
}

/** The welcome entries shown for a set of context key values (when clauses of the shapes used here). */
function shown(keys: Record<string, string | boolean>): string[] {
  const holds = (clause: string): boolean =>
    clause.split('&&').every((part) => {
      const p = part.trim();
      const eq = /^([\w.-]+) (==|!=) ([\w-]+)$/.exec(p);
      if (eq) return (keys[eq[1]] === eq[3]) === (eq[2] === '==');
      if (p.startsWith('!')) return !keys[p.slice(1)];
      assert.match(p, /^[\w.-]+$/, `a when clause this test cannot read: ${clause}`);
      return !!keys[p];
    });
  return contributes.viewsWelcome.filter((w) => w.view === 'blastRadius.events' && (!w.when || holds(w.when))).map((w) => w.contents);
}

describe('first run: the empty view, the walkthrough and the settings', () => {
  it('the empty view says what is protected now, from the context keys, with Try It Safely and Protect an Agent', () => {
    const fresh = shown({ 'blastRadius.gate': 'on', 'blastRadius.holdChanges': true }).join('\n');
    assert.match(fresh, /Terminal: the confirm gate is on\./);
    assert.match(fresh, /Edits: a risky edit or deletion, by an agent or another process, is put back at once and waits for your answer/);
    assert.match(fresh, /Agents: none protected yet\./);
    assert.match(fresh, /^\[Try It Safely\]\(command:blastRadius\.tryItSafely\)$/m);
    assert.match(fresh, /^\[Protect an Agent\]\(command:blastRadius\.protectAgent\)$/m);
    assert.doesNotMatch(fresh, /not running|starting|paused|not held/);

    const off = shown({ 'blastRadius.gate': 'off', 'blastRadius.holdChanges': false, 'blastRadius.paused': true, 'blastRadius.agentsProtected': true, 'blastRadius.agent.codex': true }).join('\n');
    assert.match(off, /Terminal: the confirm gate is not running/);
    assert.match(off, /they are not held, because blastRadius\.gate\.holdChanges is off/);
    assert.match(off, /Protection is paused/);
    assert.match(off, /Agent: Codex CLI asks Blast Radius before each tool call/);
    assert.doesNotMatch(off, /Claude Code|none protected|confirm gate is on/);
    // Exactly one terminal line for each state the gate can be in, the one before it says anything included.
    for (const gate of ['on', 'starting', 'off', '']) assert.equal(shown({ 'blastRadius.gate': gate }).filter((c) => c.startsWith('Terminal:')).length, 1, gate);
    // Every agent the installer knows has its line.
    for (const id of AGENT_IDS) assert.equal(shown({ [`blastRadius.agent.${id}`]: true, 'blastRadius.agentsProtected': true }).filter((c) => c.startsWith('Agent: ')).length, 1, id);
    for (const w of contributes.viewsWelcome) for (const c of links(w.contents)) assert.ok(known.has(c), `the welcome view links to an unknown command ${c}`);
  });

  it('the walkthrough steps link to real commands and their pages are in the package', () => {
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    const [walkthrough] = contributes.walkthroughs;
    assert.ok(walkthrough.steps.some((s) => links(s.description).includes('blastRadius.tryItSafely')));
    assert.ok(walkthrough.steps.some((s) => links(s.description).includes('blastRadius.protectAgent')));
    for (const step of walkthrough.steps) {
      for (const c of links(step.description)) assert.ok(known.has(c), `${step.id} links to an unknown command ${c}`);
      const page = step.media.markdown;
      assert.ok(page && existsSync(path.join(ROOT, page)), `${step.id}: no page ${page}`);
      assert.ok(ignore.split('\n').includes(`!${path.dirname(page)}/*.md`), `${page} is left out of the VSIX`);
    }
    // The open command names the walkthrough by <publisher>.<name>#<id>.
    assert.ok(contributes.viewsWelcome.some((w) => w.contents.includes(`openWalkthrough?%22blast-radius.blast-radius%23${walkthrough.id}%22`)));
    const strictnessPage = readFileSync(path.join(ROOT, 'media/walkthrough/strictness.md'), 'utf8');
    for (const level of STRICTNESS_LEVELS) assert.ok(strictnessPage.includes(strictnessMeaning(level)), `the walkthrough's words for ${level} differ from the quick pick's`);
  });

  it('the settings editor lists the strictness first and holding next, in the quick pick\'s words', () => {
    const properties = contributes.configuration.properties;
    const ordered = Object.entries(properties)
      .sort(([, a], [, b]) => (a.order ?? Infinity) - (b.order ?? Infinity))
      .map(([key]) => key);
    assert.deepEqual(ordered.slice(0, 2), ['blastRadius.strictness', 'blastRadius.gate.holdChanges']);
    for (const [key, p] of Object.entries(properties)) assert.equal(typeof p.order, 'number', `${key} has no order`);
    const strictness = properties['blastRadius.strictness'];
    assert.deepEqual(strictness.enum, [...STRICTNESS_LEVELS]);
    assert.deepEqual(strictness.enumDescriptions, STRICTNESS_LEVELS.map(strictnessMeaning));
  });
});
