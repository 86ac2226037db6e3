import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { classifyPath } from '../paths';
import type { CommandRule, RuleMatch } from '../rule';
import { RECURSIVE, SINGLE } from './helpers';

/** File-deleting calls of interpreter one-liners, with their first string argument. */
const INTERPRETER_DELETE = /\b(shutil\.rmtree|os\.remove|os\.unlink|os\.rmdir|os\.removedirs|\.unlink|\.rmdir|rmSync|rmdirSync|unlinkSync|fs\.rm|fs\.rmdir|fs\.unlink|fsp?\.rm|rimraf(?:\.sync)?|remove_tree|rmtree|unlink|FileUtils\.rm_rf|FileUtils\.rm_r|FileUtils\.remove_dir|FileUtils\.rm|File\.delete|Dir\.delete|Deno\.remove|Bun\.file|rm_rf)\s*\(?\s*(?:(['"`])((?:\\.|(?!\2)[^\\]){0,500})\2)?/g;

export const interpreterDelete: CommandRule = {
  id: 'FS009',
  name: 'interpreter-delete',
  category: 'filesystem',
  severity: 'critical',
  // Python, Node, Bun, Deno, Ruby and Perl code in the line is read in full (source/scan.ts)
  // and what it deletes is judged as the rm it amounts to; PHP's is matched here.
  triggers: [{ programs: ['php'] }],
  summary: 'A PHP one-liner (php -r) that deletes files or directories.',
  rationale: 'Interpreter one-liners reach the same deletions as rm without looking like rm; an agent may use them when rm is blocked.',
  alternative: 'Use rm on the exact paths so the deletion can be checked, or limit the script to build output.',
  examples: {
    fire: [`php -r 'unlink("/etc/hosts");'`, `php -r 'unlink("/home/dev/.ssh/id_ed25519");'`, `php -r 'unlink(getenv("HOME") . "/.bashrc");'`],
    pass: [`php -r 'echo "unlink is dangerous";'`, `php -r 'unlink("/tmp/x.lock");'`, `php -r 'unlink("build/cache.php");'`, 'php artisan serve'],
  },
  check(cmd, { ctx }) {
    const code = interpreterText(cmd);
    if (!code) return undefined;
    INTERPRETER_DELETE.lastIndex = 0;
    const text = code.value.slice(0, 16 * 1024);
    let best: RuleMatch | undefined;
    let m: RegExpExecArray | null;
    let guard = 0;
    const rank = (s?: Severity): number => ['low', 'medium', 'high', 'critical'].indexOf(s ?? 'low');
    while ((m = INTERPRETER_DELETE.exec(text)) && guard++ < 20) {
      // A call named inside a string literal (print('rmtree')) is data, not a call.
      if (insideString(text, m.index)) continue;
      const fn = m[1];
      const recursive = /rmtree|rm_rf|rm_r|remove_tree|rimraf|rmSync|remove_dir|Dir\.delete|Deno\.remove|fs\.rm\b|fsp?\.rm\b/.test(fn);
      let severity: Severity | undefined;
      let what: string;
      if (m[3] !== undefined) {
        const t = classifyPath({ ...code, value: m[3], dynamic: false, glob: /[*?]/.test(m[3]), quoted: false, raw: m[3] }, cmd, ctx);
        severity = (recursive ? RECURSIVE : SINGLE)[t.cls];
        what = t.what;
      } else {
        severity = recursive ? 'high' : 'medium';
        what = /home|expanduser|homedir|Dir\.home|HOME/.test(text.slice(m.index, m.index + 200)) ? 'your home directory' : 'a path computed by the script';
        if (what === 'your home directory') severity = 'critical';
      }
      if (!severity) continue;
      if (!best || rank(severity) > rank(best.severity)) {
        best = { severity, span: code.span, message: `The ${cmd.program} one-liner ${recursive ? 'recursively deletes' : 'deletes'} ${what} (${fn}).` };
      }
    }
    return best;
  },
};

function interpreterText(cmd: SimpleCommand): Word | undefined {
  const flags = cmd.program.startsWith('node') || cmd.program === 'bun' ? ['-e', '--eval', '-p', '--print'] : cmd.program === 'deno' ? ['eval'] : cmd.program === 'php' ? ['-r'] : ['-c', '-e', '-E'];
  for (let i = 0; i < cmd.args.length; i++) {
    if (flags.includes(cmd.args[i].value)) return cmd.args[i + 1];
    if (!cmd.args[i].value.startsWith('-')) break;
  }
  if (cmd.stdinText !== undefined && !cmd.args.some((a) => !a.value.startsWith('-') || a.value === '-')) return undefined;
  if (cmd.stdinText !== undefined) return { value: cmd.stdinText, raw: cmd.stdinText, span: cmd.stdinSpan ?? cmd.span, dynamic: false, glob: false, quoted: true };
  return undefined;
}

/** True if position `at` of a script is inside a string literal (single, double or backtick). */
function insideString(text: string, at: number): boolean {
  let q: string | undefined;
  for (let i = 0; i < at && i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'" || c === '`') q = c;
  }
  return q !== undefined;
}
