import { guardedFile, type GuardedPath, guardedPath } from '../../guard';
import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { CommandContext } from '../../types';
import { shown } from '../cli-options';
import { normalizePath } from '../paths';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { varFolder } from './helpers';

/** What losing each kind of file does, for messages. */
const CONSEQUENCE: Readonly<Record<GuardedPath['kind'], string>> = {
  'agent-hooks': "the agent's Blast Radius hook can be dropped or switched off this way, and then nothing the agent does is checked",
  policy: 'the strictness, rule overrides and allow entries every check uses change without the user deciding',
  launcher: 'every agent hook and terminal shim runs it; gone or rewritten, nothing is checked',
  state: 'it records what Blast Radius installed and when protection was tampered with',
  stop: 'the user stopped agents; deleting or editing it does not resume them (only the user resumes, in the editor), and the editor puts it back',
  'editor-settings': 'blastRadius.* settings there decide how strictly the editor checks',
  'git-hook': 'the pre-commit check runs from it',
  extension: 'the editor stops watching edits, deletions and commands',
};

const ALTERNATIVE =
  'Leave protection settings to the person: they can change them in their own terminal or the settings UI. `blast-radius hooks status` shows what is installed; `blast-radius hooks install <agent>` adds protection without this warning.';

/**
 * The path a word names, as far as the line shows it: `~` and the variables above expanded,
 * relative paths joined to an earlier `cd` or the working directory. Other expansions drop out,
 * so `"$dir/.claude/settings.json"` still ends in a guarded name.
 */
export function wordPath(word: Word, cmd: SimpleCommand, ctx: CommandContext): string {
  const roots = ctx.guard ?? {};
  const home = (ctx.home ?? roots.home ?? '~').replace(/\/+$/, '') || '/';
  let v = word.value;
  if (word.dynamic && v.startsWith(DYN)) {
    const name = /^["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(word.raw)?.[1];
    const folder = name ? varFolder(name, roots, home) : undefined;
    v = folder !== undefined ? folder + v.slice(1) : v.slice(1);
  }
  v = v.split(DYN).join('');
  if (v === '~' || v.startsWith('~/')) v = home + v.slice(1);
  if (!v.startsWith('/') && !v.startsWith('~')) {
    const base = cmd.cwd !== undefined && !cmd.cwd.includes(DYN) ? cmd.cwd.replace(/^~(?=\/|$)/, home) : ctx.cwd;
    if (base) v = `${base.replace(/\/+$/, '')}/${v}`;
  }
  return normalizePath(v);
}

function tildify(path: string, ctx: CommandContext): string {
  const home = ctx.home?.replace(/\/+$/, '');
  return home && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
}

/** Flags and operands of a coreutils-style command line, honouring `--`. */
function split(args: readonly Word[]): { flags: Word[]; operands: Word[] } {
  const flags: Word[] = [];
  const operands: Word[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a.value === '--') done = true;
    else if (!done && a.value.startsWith('-') && a.value.length > 1 && !a.quoted) flags.push(a);
    else operands.push(a);
  }
  return { flags, operands };
}

function hasFlag(flags: readonly Word[], short: string, ...long: string[]): boolean {
  return flags.some((f) => (!f.value.startsWith('--') && f.value.slice(1).includes(short)) || long.some((l) => f.value === `--${l}` || f.value.startsWith(`--${l}=`)));
}

interface Hit {
  word: Word;
  path: string;
  guarded: GuardedPath;
  verb: string;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Whether a mode takes away what the file needs: read for settings, read and execute for a
 * launcher (`000`, `644` on a launcher, `-x`, `a-r`, `u=w`). `chmod 600 settings.json` is fine.
 */
function removesAccess(mode: string, exec: boolean): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const owner = Number(mode[mode.length - 3]);
    return (owner & 4) === 0 || (exec && (owner & 1) === 0);
  }
  const lost = exec ? /[rx]/ : /r/;
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-=])([rwxXst]*)$/.exec(clause);
    if (!m || (m[1] && !/[ua]/.test(m[1]))) return false;
    return m[2] === '-' ? lost.test(m[3]) : !(exec ? /r/.test(m[3]) && /x/.test(m[3]) : /r/.test(m[3]));
  });
}

/** Which files a command writes, moves, deletes or strips, with the verb for each. */
function touched(cmd: SimpleCommand, ctx: CommandContext): Hit[] {
  const roots = ctx.guard ?? {};
  const hits: Hit[] = [];
  const file = (word: Word, verb: string, folders = false): void => {
    const path = wordPath(word, cmd, ctx);
    const guarded = folders ? guardedPath(path, roots) : guardedFile(path, roots);
    if (guarded) hits.push({ word, path, guarded, verb });
  };
  for (const r of cmd.redirects) {
    if (r.target && /^(>|>>|>\||&>|&>>)$/.test(r.op)) file(r.target, r.op.includes('>>') ? 'appends to' : 'overwrites');
  }
  const { flags, operands } = split(cmd.args);
  const into = (dest: Word, sources: readonly Word[], verb: string): void => {
    const before = hits.length;
    file(dest, verb);
    if (hits.length > before) return;
    // `cp settings.json ~/.claude/`: the file lands under the folder with its own name.
    const dir = wordPath(dest, cmd, ctx);
    for (const s of sources) {
      const path = `${dir}/${basename(wordPath(s, cmd, ctx))}`;
      const guarded = guardedFile(path, roots);
      if (guarded) hits.push({ word: dest, path, guarded, verb });
    }
  };
  switch (cmd.program) {
    case 'rm':
    case 'unlink':
    case 'srm':
    case 'shred':
    case 'rimraf':
    case 'trash':
    case 'trash-put':
    case 'gio':
      for (const w of cmd.program === 'gio' ? operands.slice(1) : operands) file(w, cmd.program === 'shred' ? 'shreds' : 'deletes', true);
      break;
    case 'truncate': {
      const sizeAt = cmd.args.findIndex((a) => a.value === '-s' || a.value === '--size');
      for (const w of operands) if (cmd.args.indexOf(w) !== sizeAt + 1 || sizeAt === -1) file(w, 'empties');
      break;
    }
    case 'mv': {
      const target = flags.find((f) => f.value.startsWith('--target-directory='));
      const tIdx = cmd.args.findIndex((a) => a.value === '-t');
      const dest = tIdx !== -1 ? cmd.args[tIdx + 1] : target ? { ...target, value: target.value.slice(target.value.indexOf('=') + 1) } : operands[operands.length - 1];
      const sources = operands.filter((w) => w !== dest);
      for (const s of sources) file(s, 'moves away', true);
      if (dest && sources.length) into(dest, sources, 'replaces');
      break;
    }
    case 'cp':
    case 'install':
    case 'ln': {
      const tIdx = cmd.args.findIndex((a) => a.value === '-t' || a.value === '--target-directory');
      const dest = tIdx !== -1 ? cmd.args[tIdx + 1] : operands[operands.length - 1];
      const sources = operands.filter((w) => w !== dest);
      if (dest && (sources.length || cmd.program === 'install')) into(dest, sources, 'replaces');
      break;
    }
    case 'dd':
      for (const a of cmd.args) if (a.value.startsWith('of=')) file({ ...a, value: a.value.slice(3) }, 'overwrites');
      break;
    case 'tee':
      for (const w of operands) file(w, hasFlag(flags, 'a', 'append') ? 'appends to' : 'overwrites');
      break;
    case 'sed':
    case 'perl':
    case 'ruby': {
      const inPlace = flags.some((f) => /^-[A-Za-z]*i/.test(f.value) && !f.value.startsWith('--') ? true : f.value === '--in-place' || f.value.startsWith('--in-place='));
      if (!inPlace) break;
      // sed's script is the first operand unless -e or -f gave it; perl and ruby take theirs from -e.
      const scripted = flags.some((f) => /^-[A-Za-z]*[ef]$/.test(f.value) || f.value === '--expression' || f.value === '--file');
      const files = cmd.program === 'sed' && !scripted ? operands.slice(1) : operands.filter((w, i) => !(i === 0 && scripted && cmd.args[cmd.args.indexOf(w) - 1]?.value.match(/^-[A-Za-z]*[ef]$/)));
      for (const w of files) file(w, 'edits in place');
      break;
    }
    case 'chmod': {
      // `-x` is a mode here, not an option: the mode is the first word that reads as one.
      const at = cmd.args.findIndex((a) => /^([ugoa]*[-+=][rwxXst]*)(,[ugoa]*[-+=][rwxXst]*)*$|^[0-7]{3,4}$/.test(a.value));
      const mode = cmd.args[at];
      if (!mode) break;
      for (const w of cmd.args.slice(at + 1)) {
        if (w.value.startsWith('-')) continue;
        const guarded = guardedPath(wordPath(w, cmd, ctx), roots);
        if (guarded && removesAccess(mode.value, guarded.kind === 'launcher')) file(w, `takes access away from (chmod ${mode.value})`, true);
      }
      break;
    }
  }
  return hits;
}

/** `git config core.hooksPath X` while our pre-commit check is installed. */
function gitHooksPath(cmd: SimpleCommand, ctx: CommandContext): RuleMatch | undefined {
  if (cmd.program !== 'git') return undefined;
  const i = cmd.args.findIndex((a) => a.value === 'config');
  if (i === -1) return undefined;
  const rest = cmd.args.slice(i + 1);
  const key = rest.find((a) => a.value.toLowerCase() === 'core.hookspath');
  if (!key || rest.some((a) => /^(--get|--get-all|--list|-l|--show-origin)$/.test(a.value))) return undefined;
  const ours = (ctx.guard?.extra ?? []).filter((x) => x.kind === 'git-hook');
  if (!ours.length) return undefined;
  const unset = rest.some((a) => a.value === '--unset' || a.value === '--unset-all');
  return {
    span: spanFromProgram(cmd, [key]),
    message: `${unset ? 'Unsets' : 'Sets'} git's core.hooksPath, so git stops running the hooks folder that holds the Blast Radius pre-commit check (${ours.map((x) => shown(tildify(x.path, ctx))).join(', ')}).`,
  };
}

export const protectionFileTampered: CommandRule = {
  id: 'SELF005',
  name: 'protection-file-tampered',
  category: 'self-protection',
  severity: 'critical',
  onRedirect: true,
  triggers: [
    { programs: ['rm', 'unlink', 'srm', 'shred', 'rimraf', 'trash', 'trash-put', 'gio', 'truncate', 'mv', 'cp', 'install', 'ln', 'dd', 'tee', 'perl', 'ruby', 'chmod'] },
    // sed reads most often; only its in-place forms are worth a look (terminal shims use these words too).
    { programs: ['sed'], subcommands: ['-i', '--in-place', '-i.bak', '-i.orig', '-i~', '-ie', '-Ei', '-iE', '-ri', '-ir', '-si', '-ni'] },
    { programs: ['git'], subcommands: ['config'] },
  ],
  summary: "Deletes, empties, overwrites or edits in place a file that keeps Blast Radius on: an agent's hook settings, the Blast Radius policy, launcher or state.",
  rationale:
    "An agent that rewrites the settings its hooks are registered in, the policy it is judged by or the launcher every hook runs has switched the guard off for everything after. A shell write cannot show what the file held before, so it cannot be told from an edit that removes the hook or lowers the strictness.",
  alternative: ALTERNATIVE,
  examples: {
    fire: [
      `echo '{"strictness":"off"}' > ~/.config/blast-radius/policy.json`,
      "sed -i '/# >>> blast-radius/,/# <<< blast-radius/d' ~/.codex/config.toml",
      'rm ~/.claude/settings.json',
      ': > .claude/settings.local.json',
      'cp /dev/null ~/.gemini/settings.json',
      'jq ".hooks = {}" .cursor/hooks.json > /tmp/h && mv /tmp/h .cursor/hooks.json',
      'truncate -s 0 ~/.copilot/hooks/blast-radius.json',
      'chmod -x ~/.local/share/blast-radius/bin/blast-radius',
      'rm -rf ~/.claude',
      'cat /dev/null > "$CODEX_HOME/config.toml"',
    ],
    pass: ['cat ~/.claude/settings.json', 'cp ~/.codex/config.toml /tmp/codex-backup.toml', 'chmod +x ~/.local/share/blast-radius/bin/blast-radius', 'sed -n 1,20p ~/.gemini/settings.json', 'echo hi > notes.txt', 'rm -rf ~/src/blast-radius-demo/dist'],
  },
  check(cmd, { ctx }) {
    const git = gitHooksPath(cmd, ctx);
    if (git) return git;
    const hits = touched(cmd, ctx);
    if (!hits.length) return undefined;
    const first = hits[0];
    const names = [...new Set(hits.map((h) => shown(tildify(h.path, ctx))))];
    return {
      span: spanFromProgram(cmd, hits.map((h) => h.word)),
      message: `${first.verb[0].toUpperCase()}${first.verb.slice(1)} ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} (${first.guarded.what}): ${CONSEQUENCE[first.guarded.kind]}.`,
    };
  },
};
