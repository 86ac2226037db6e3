/**
 * package.json `contributes` is the single source of truth for commands: every command a menu or a
 * keybinding names is declared in `contributes.commands`, and Stop Agents has its keybinding, its
 * button in the Blast Radius view and a Resume that only shows while agents are stopped. (That the
 * extension registers every declared command is checked in the editor: test/integration/stop.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Contributes {
  commands: { command: string; title: string; icon?: string }[];
  keybindings?: { command: string; key: string; mac?: string; when?: string }[];
  menus: Record<string, { command: string; when?: string; group?: string }[]>;
}

function contributes(): Contributes {
  return (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;
}

/** Commands named in menus or keybindings but not declared, one line each. */
function undeclared(c: Contributes): string[] {
  const declared = new Set(c.commands.map((x) => x.command));
  const out: string[] = [];
  for (const k of c.keybindings ?? []) if (!declared.has(k.command)) out.push(`keybinding ${k.key}: ${k.command}`);
  for (const [menu, items] of Object.entries(c.menus)) for (const i of items) if (!declared.has(i.command)) out.push(`menu ${menu}: ${i.command}`);
  return out;
}

describe('commands: package.json declares every command its menus and keybindings name', () => {
  it('every menu entry and keybinding names a declared command, each declared once', () => {
    const c = contributes();
    assert.deepEqual(undeclared(c), []);
    const ids = c.commands.map((x) => x.command);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it('would catch a keybinding or a menu entry for a command nobody declared', () => {
    const c = contributes();
    c.keybindings = [...(c.keybindings ?? []), { command: 'blastRadius.nothing', key: 'ctrl+q' }];
    c.menus['view/title'].push({ command: 'blastRadius.alsoNothing' });
    assert.deepEqual(undeclared(c), ['keybinding ctrl+q: blastRadius.nothing', 'menu view/title: blastRadius.alsoNothing']);
  });

  it('Stop Agents: a keybinding, a button in the view while agents run, Resume in its place (and in the palette) only while stopped', () => {
    const c = contributes();
    assert.ok(c.commands.some((x) => x.command === 'blastRadius.stopAgents' && x.icon));
    assert.ok(c.commands.some((x) => x.command === 'blastRadius.resumeAgents' && x.icon));
    assert.ok(c.keybindings?.some((k) => k.command === 'blastRadius.stopAgents' && k.key && k.mac));
    const title = c.menus['view/title'];
    assert.ok(title.some((i) => i.command === 'blastRadius.stopAgents' && i.group?.startsWith('navigation') && i.when?.includes('!blastRadius.agentsStopped')));
    assert.ok(title.some((i) => i.command === 'blastRadius.resumeAgents' && i.group?.startsWith('navigation') && /(^|&& )blastRadius\.agentsStopped/.test(i.when ?? '')));
    assert.ok(c.menus.commandPalette.some((i) => i.command === 'blastRadius.resumeAgents' && i.when === 'blastRadius.agentsStopped'));
  });
});
