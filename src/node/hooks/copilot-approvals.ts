/**
 * Deny entries for Copilot agent mode's terminal approval list (`chat.tools.terminal.autoApprove`),
 * derived from the command rule packs. A `false` entry there means "never auto-approve: always
 * ask", matched against every sub-command of a command line; a key written `/…/` is a regular
 * expression. We write one entry per program of a high or critical rule: the destructive
 * sub-commands that trigger the rule, or the program itself when it is destructive on its own.
 *
 * Re-running replaces only the entries we own (tracked by the caller) and never touches a key the
 * user wrote or changed. This list is a second line of defence: Copilot's Autopilot and Bypass
 * Approvals modes do not consult it at all, and the terminal gate still applies there.
 */
import type { CommandRule } from '../../core/rules/rule';

/**
 * Programs a rule triggers on that are ordinary tools on their own (a shell, an interpreter,
 * `cp`, `echo`); the engine judges their arguments, which a static list cannot do.
 */
const ORDINARY = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'fish', 'csh', 'tcsh', 'rbash', 'busybox',
  'python', 'python2', 'python3', 'pypy', 'pypy3', 'py', 'perl', 'ruby', 'node', 'nodejs', 'bun', 'deno', 'php', 'lua', 'tclsh', 'pwsh', 'powershell',
  'source', '.', 'eval', 'mv', 'cp', 'tee', 'ln', 'install', 'echo', 'printf', 'chmod', 'chown', 'chgrp', 'sed', 'find', 'kill', 'unlink', 'git', 'aws', 'gcloud', 'az',
]);

/**
 * Sub-commands that destroy, publish, replace or switch off safety by themselves. A verb counts
 * at the start of the word or after `-`, `_`, `:`, `.` or `/`, and not as the start of a longer
 * lower-case word (`drop` and `dropAll`, not `dropbear`).
 */
const DESTRUCTIVE_VERB = /(^|[-_:./])(delete|destroy|drop|remove|purge|reset|clean|prune|terminate|uninstall|unpublish|yank|wipe|flush|truncate|erase|deregister|rollback|downgrade|undo|disable|fresh|dangerously|yolo|bypass)(?![a-z])/;
const DESTRUCTIVE_WORD = /^(rm|rb|del|dn|down|zero|sync|rsync|apply|apply-all|drain|push|publish|release|deploy|up|filter-branch|filter-repo|update-ref|close-account|stop-logging|--prune|--clean|--allow-all|--allow-all-tools)$/;

function isDestructiveWord(s: string): boolean {
  return DESTRUCTIVE_VERB.test(s) || DESTRUCTIVE_VERB.test(s.toLowerCase()) || DESTRUCTIVE_WORD.test(s);
}

/** Versioned interpreter names (`python3.12`) are as ordinary as the plain ones. */
const ORDINARY_VERSIONED = /^(python|pypy|ruby|node|php|perl)[\d.]+$/;

/** Refinements for programs whose harmless uses are too common to ask about every time. */
const REFINED: Readonly<Record<string, string>> = {
  // Only recursive removal: `rm file.txt` stays the user's call.
  rm: '\\s+(\\S+\\s+)*?(-[a-zA-Z]*[rR]|--recursive)',
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `/^(sudo\s+)?prog(\s|$)/i` and friends, keyed as the setting expects. */
export function copilotDenyEntries(rules: readonly CommandRule[]): Record<string, false> {
  const subcommands = new Map<string, Set<string>>();
  const wholePrograms = new Set<string>();
  for (const rule of rules) {
    if (rule.severity !== 'high' && rule.severity !== 'critical') continue;
    for (const t of rule.triggers) {
      for (const program of t.programs) {
        if (!t.subcommands) {
          if ((!ORDINARY.has(program) && !ORDINARY_VERSIONED.test(program)) || REFINED[program]) wholePrograms.add(program);
          continue;
        }
        const subs = t.subcommands.filter(isDestructiveWord);
        if (!subs.length) continue;
        const set = subcommands.get(program) ?? new Set<string>();
        for (const s of subs) set.add(s);
        subcommands.set(program, set);
      }
    }
  }
  const out: Record<string, false> = {};
  const prefix = (program: string): string => `^(sudo\\s+)?${escapeRegex(program)}`;
  for (const program of [...wholePrograms].sort()) {
    const tail = REFINED[program] ?? '(\\s|$)';
    out[`/${prefix(program)}${tail}/i`] = false;
  }
  for (const [program, subs] of [...subcommands.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (wholePrograms.has(program) && !REFINED[program]) continue;
    const alternatives = [...subs].sort().map(escapeRegex).join('|');
    out[`/${prefix(program)}\\s+(\\S+\\s+)*?(${alternatives})(\\s|=|$)/i`] = false;
  }
  return out;
}

export interface ApprovalsPlan {
  /** The new value of the setting. */
  next: Record<string, unknown>;
  /** The entries we own after this change (key → the value we wrote). */
  owned: Record<string, unknown>;
  added: string[];
  removed: string[];
  /** Keys we wanted but the user already has (their value wins). */
  userKept: string[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Replaces the entries we own with `desired`. A key the user changed since we wrote it becomes
 * theirs; a key the user already had is left as it is.
 */
export function planApprovals(current: Readonly<Record<string, unknown>> | undefined, owned: Readonly<Record<string, unknown>>, desired: Readonly<Record<string, unknown>>): ApprovalsPlan {
  const next: Record<string, unknown> = { ...(current ?? {}) };
  const nowOwned: Record<string, unknown> = {};
  const removed: string[] = [];
  const added: string[] = [];
  const userKept: string[] = [];
  for (const [k, v] of Object.entries(owned)) {
    if (k in next && same(next[k], v)) {
      delete next[k];
      if (!(k in desired)) removed.push(k);
    }
  }
  for (const [k, v] of Object.entries(desired)) {
    if (k in next) {
      userKept.push(k);
      continue;
    }
    next[k] = v;
    nowOwned[k] = v;
    if (!(k in owned) || !same(owned[k], v)) added.push(k);
  }
  return { next, owned: nowOwned, added, removed, userKept };
}
