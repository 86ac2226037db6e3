/**
 * A cheap look at a command line that answers "certainly benign" for the many everyday commands
 * (`git status`, `ls -la`, `npm test`) without a parse. It only ever says yes when no word of the
 * line can trigger a rule, reach a wrapper or shell, hide a program name behind quoting,
 * expansion or globbing, or name a file that keeps protection on; everything else goes to the
 * full engine.
 */
import { isFollowedProgram } from './follow/programs';
import { mayNameGuardedPath } from './guard';
import { isBlockDevice } from './block-devices';
import { prefilterTriggers } from './rules/prefilter-triggers';
import { PATCH_PROGRAMS } from './shell/patch-programs';
import type { ShellKind } from './types';

/** Characters that let a shell build a word we cannot read off the text. */
const OPAQUE = /[$`\\'"{}]/;
const GLOB = /[*?[]/;
const OPERATOR = /[;&|()<>\n]/;
/** Redirect targets the full engine should see: absolute, in the home or above, or state files. */
const REDIRECT_WORTH_A_LOOK = /^(\/|~|\.\.\/)|(^|\/)\.env(\.|$)|\.(tfstate|sqlite3?|db)$/;

/**
 * `follow`: the caller can read files (see follow/), so a line whose program may run one (`npm
 * run x`, `make`, `./x.sh`, `python x.py`) needs the engine; any other line is judged as before.
 */
export function prefilterAllows(line: string, shell: ShellKind = 'bash', opts: { follow?: boolean } = {}): boolean {
  if (shell === 'pwsh' || shell === 'cmd') return false;
  if (line.length > 2048 || OPAQUE.test(line) || line.includes('\u0000')) return false;
  const { programs: index, assignments } = prefilterTriggers();
  const scan: WordScan = { commandPosition: true, redirectTarget: false, words: [], follow: !!opts.follow, assignments };
  const words = scan.words;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      if (start !== -1 && !takeWord(scan, line.slice(start, i))) return false;
      start = -1;
    } else if (OPERATOR.test(ch)) {
      if (start !== -1 && !takeWord(scan, line.slice(start, i))) return false;
      start = -1;
      scan.commandPosition = ch !== '>' && ch !== '<';
      scan.redirectTarget = ch === '>';
    } else if (start === -1) start = i;
  }
  if (start !== -1 && !takeWord(scan, line.slice(start))) return false;
  if (words.includes('apply') && words.some((w) => w === 'git' || w.endsWith('/git'))) return false;
  // What a rule's subcommand can match: a word, or a word's part before an `=` (`--profile=x`).
  let all: Set<string> | undefined;
  for (const w of words) {
    // A file that keeps protection on is judged whatever the program (`: > ~/.claude/settings.json`).
    if (mayNameGuardedPath(w)) return false;
    // A disk named anywhere (`cat image.iso > /dev/sdb`) may be written by a redirect, whatever the program.
    if (w.startsWith('/dev/') && isBlockDevice(w)) return false;
    const base = w.slice(w.lastIndexOf('/') + 1).toLowerCase();
    const t = index.get(base);
    if (!t) continue;
    if (t.any) return false;
    all ??= wordKeys(words);
    for (const k of all) if (t.subcommands.has(k)) return false;
  }
  return true;
}

/**
 * What a rule trigger's subcommand can match among a command's words: each word, and each of its
 * prefixes that an `=` follows (`--profile=x` gives `--profile`; `a=b=c` gives `a` and `a=b`).
 * The pre-filter and the engine (engine.ts) look triggers up in it alike.
 */
export function wordKeys(words: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const w of words) {
    keys.add(w);
    for (let i = w.indexOf('='); i !== -1; i = w.indexOf('=', i + 1)) keys.add(w.slice(0, i));
  }
  return keys;
}

/** Where prefilterAllows's walk over a line is. */
interface WordScan {
  /** The next word is in command position (the line's first, or after `;`, `&&`, `|`…). */
  commandPosition: boolean;
  /** The next word is what a `>` writes. */
  redirectTarget: boolean;
  /** The words after each command's program, and the programs. */
  words: string[];
  follow: boolean;
  assignments: ReadonlySet<string>;
}

/** Takes the next word of the line; false when it makes the line worth a full look. */
function takeWord(scan: WordScan, w: string): boolean {
  // A file written by `>` outside the project, or a state file in it, may be one whose loss
  // matters (`> /etc/passwd`, `: > ~/.bashrc`, `> .env`), whatever the program: FS014 judges it.
  if (scan.redirectTarget) {
    scan.redirectTarget = false;
    if (REDIRECT_WORTH_A_LOOK.test(w) && !/^\/dev\/(null|stdout|stderr|tty)$/.test(w)) return false;
  }
  if (scan.commandPosition) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) return !scan.assignments.has(w.slice(0, w.indexOf('=')));
    if (GLOB.test(w)) return false;
    // An alias defined on the line may stand for any program (`alias x=rm; x -rf /`).
    if (w === 'alias') return false;
    // A patch is a file edit the engine hands on to the edit engine (see patches.ts).
    if (PATCH_PROGRAMS.has(w.slice(w.lastIndexOf('/') + 1))) return false;
    if (scan.follow && (w.includes('/') || isFollowedProgram(w.toLowerCase()))) return false;
    scan.commandPosition = false;
  }
  scan.words.push(w);
  return true;
}
