/**
 * The scripted session every agent plays: everyday calls that must run, and destructive calls that
 * our hook must stop, in the agent's own tools. What each call should leave on disk is checked by
 * the test from the workspace's bytes; what the agent told the model is checked from the tool
 * result the scripted model received for that call.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type AgentMode, type AgentProfile, applyPatchText } from './agents';
import type { Step } from './model-server';
import { type CaseDirs, FIXTURE, UNCOMMITTED } from './run-agent';

export interface ScriptedCall {
  label: string;
  step: Step;
  /** `runs`: an everyday call, it must take effect; `stopped`: our hook must stop it. */
  expect: 'runs' | 'stopped';
  /** For `stopped`: the rule whose id the model must be told, with our name. */
  rule?: string;
  /** For `runs`: text the tool result must contain (the command really ran). */
  resultHas?: string;
  /** Whether the call's effect is on disk now (for control runs, where nothing stops it). */
  landed?: (dirs: CaseDirs) => boolean;
}

const README_EDITED = FIXTURE['README.md'].replace('Hello from the shop service.', 'Hello from the shop service, now with tests.');

const withoutLifecycle = (tf: string): string => tf.replace('\n  lifecycle {\n    prevent_destroy = true\n  }\n', '\n');

const MIGRATION = 'db/migrations/002_drop_users.sql';
const MIGRATION_SQL = '-- Users moved to the accounts service.\nDROP TABLE users;\n';

const read = (dirs: CaseDirs, rel: string): string | undefined => {
  const file = path.join(dirs.workspace, rel);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

/** The files the workspace should hold after a hooked run: the fixture with only the everyday edit. */
export function expectedAfterHookedRun(): Record<string, string> {
  return { ...FIXTURE, ...UNCOMMITTED, 'README.md': README_EDITED };
}

/**
 * The session for one agent and mode. Codex also sends the prevent_destroy edit as an `apply_patch`
 * heredoc through its shell tool (issue 12, item 5), on a second file so the control run can show
 * both edits landing.
 */
export function scriptFor(profile: AgentProfile, mode: AgentMode): ScriptedCall[] {
  const tfEdit = { kind: 'edit', path: 'infra/main.tf', oldText: '\n  lifecycle {\n    prevent_destroy = true\n  }\n', newText: '\n' } as const;
  const calls: ScriptedCall[] = [
    { label: 'git status', step: { kind: 'shell', command: 'git status' }, expect: 'runs', resultHas: 'On branch main' },
    { label: 'read README.md', step: { kind: 'read', path: 'README.md' }, expect: 'runs', resultHas: 'Hello from the shop service' },
    {
      label: 'an ordinary edit of README.md',
      step: { kind: 'edit', path: 'README.md', oldText: 'Hello from the shop service.\n', newText: 'Hello from the shop service, now with tests.\n' },
      expect: 'runs',
      landed: (d) => read(d, 'README.md') === README_EDITED,
    },
    {
      label: profile.deleteCommand(mode, 'src'),
      step: { kind: 'shell', command: profile.deleteCommand(mode, 'src') },
      expect: 'stopped',
      rule: 'FS001',
      landed: (d) => !existsSync(path.join(d.workspace, 'src')),
    },
    {
      label: 'terraform destroy -auto-approve',
      step: { kind: 'shell', command: 'terraform destroy -auto-approve' },
      expect: 'stopped',
      rule: 'IAC001',
      landed: (d) => existsSync(d.terraformLog),
    },
    { label: 'read infra/main.tf', step: { kind: 'read', path: 'infra/main.tf' }, expect: 'runs', resultHas: 'prevent_destroy' },
    {
      label: 'an edit removing prevent_destroy from infra/main.tf',
      step: tfEdit,
      expect: 'stopped',
      rule: 'TF001',
      landed: (d) => read(d, 'infra/main.tf') === withoutLifecycle(FIXTURE['infra/main.tf']),
    },
    {
      label: `a migration adding DROP TABLE (${MIGRATION})`,
      step: { kind: 'write', path: MIGRATION, content: MIGRATION_SQL },
      expect: 'stopped',
      rule: 'SQL002',
      // Cline's apply_patch writes a new file without its last newline: the statement is what counts.
      landed: (d) => read(d, MIGRATION)?.includes('DROP TABLE users;') === true,
    },
  ];
  if (profile.id === 'codex') {
    const patch = applyPatchText({ kind: 'edit', path: 'infra/storage.tf', oldText: tfEdit.oldText, newText: tfEdit.newText });
    calls.push({
      label: 'apply_patch through the shell, removing prevent_destroy from infra/storage.tf',
      step: { kind: 'shell', command: `apply_patch <<'EOF'\n${patch}EOF\n` },
      expect: 'stopped',
      rule: 'TF001',
      landed: (d) => read(d, 'infra/storage.tf') === withoutLifecycle(FIXTURE['infra/storage.tf']),
    });
  }
  calls.push({ label: 'git status --short, after the stopped calls', step: { kind: 'shell', command: 'git status --short' }, expect: 'runs', resultHas: 'README.md' });
  return calls;
}
