import type { Word } from '../../shell/model';
import type { Severity } from '../../types';
import { classifyPath } from '../paths';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { splitArgs } from './helpers';

/**
 * Programs that run whatever they are told to (shells, interpreters, and the tools GTFOBins lists
 * as giving a shell): setuid on one, or write access for everyone, is a root shell for anyone.
 */
const RUNS_ANYTHING = /^(ba|da|z|k|c|tc|fi|a|mk|yash|ion|nu|elvi)?sh$|^(python[0-9.]*|pypy[0-9]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|deno|bun|php[0-9.]*|lua[0-9.]*|luajit|tclsh|wish|expect|R|Rscript|julia|java|jshell|gdb|busybox|env|find|vim?|nvim|less|more|awk|gawk|mawk|nawk|sed|tar|zip|cp|mv|dd|tee|xargs|nice|timeout|strace|docker|sudo|su|bash)$/;

/** System files that hold passwords or decide who is root. */
const VITAL = /^\/etc\/(passwd|shadow|group|gshadow|sudoers(\.d\/.*)?|pam\.d\/.*|ssh\/sshd_config)$/;

/** Home files that hold keys and credentials. */
const CREDENTIALS = /^(\.ssh|\.gnupg|\.aws|\.kube|\.docker|\.password-store|\.netrc|\.pgpass)(\/|$)/;

/** What a chmod mode grants that matters here. */
function grants(mode: string): { setid: boolean; worldWritable: boolean } {
  const m = /^0*([0-7]{1,4})$/.exec(mode);
  if (m) {
    const digits = m[1].padStart(4, '0');
    return { setid: /[2-7]/.test(digits[0]) && digits[0] !== '1', worldWritable: /[2367]/.test(digits[3]) };
  }
  let setid = false;
  let worldWritable = false;
  for (const clause of mode.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!c || c[2] === '-') continue;
    const who = c[1] || 'a';
    if (c[3].includes('s') && /[uga]/.test(who)) setid = true;
    // A bare +w follows the umask, which keeps others out: only o, a or an explicit all count.
    if (c[3].includes('w') && c[1] !== '' && /[oa]/.test(who)) worldWritable = true;
  }
  return { setid, worldWritable };
}

/** The program a word names, when it is one: `/bin/bash`, `$(which python3)`. */
function programNamed(w: Word): string | undefined {
  const lookup = /^"?(?:\$\(\s*|`\s*)(?:which|command\s+-v|type\s+-[pP])\s+([A-Za-z0-9._+-]+)\s*(?:\)|`)"?$/.exec(w.raw);
  if (lookup) return lookup[1];
  if (w.dynamic || !w.value.includes('/')) return undefined;
  return /^\/(usr\/(local\/)?)?s?bin\//.test(w.value) ? w.value.slice(w.value.lastIndexOf('/') + 1) : undefined;
}

export const unsafePermissions: CommandRule = {
  id: 'FS016',
  name: 'unsafe-permissions',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['chmod'] }],
  summary: 'Makes a shell or interpreter setuid, or lets every user write to it, to a system file or to the home\'s keys.',
  rationale:
    'A setuid shell or interpreter (`chmod u+s /bin/bash`, `chmod 4755 $(which python3)`) is a root shell for every local user; a system binary or /etc file anyone can write is one they can replace; keys others can write are keys they can swap.',
  alternative: 'Give the one permission that is needed to the one user who needs it (`sudo` rules, `setcap` for a capability, `chmod 600` for keys).',
  examples: {
    fire: ['chmod u+s /bin/bash', 'chmod 4755 /usr/bin/python3', 'chmod +s $(which node)', 'chmod 777 /usr/bin/env', 'chmod 666 /etc/shadow', 'chmod o+w /etc/hosts', 'chmod a+w ~/.ssh'],
    pass: ['chmod 755 scripts/build.sh', 'chmod +x ./run.sh', 'chmod 600 ~/.ssh/id_ed25519', 'chmod u+w /usr/local/bin/tool', 'chmod 644 /etc/motd', 'chmod 777 /tmp/scratch', 'chmod g+s shared/'],
  },
  check(cmd, { ctx }) {
    if (cmd.remote) return undefined;
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || operands.length < 2) return undefined;
    const mode = operands[0];
    if (mode.dynamic) return undefined;
    const g = grants(mode.value);
    if (!g.setid && !g.worldWritable) return undefined;
    const recursive = flags.has('R') || flags.has('recursive');
    const hits: RuleMatch[] = [];
    for (const w of operands.slice(1)) {
      const program = programNamed(w);
      const t = classifyPath(w, cmd, ctx);
      const home = ctx.home?.replace(/\/+$/, '');
      const inHome = home && t.path?.startsWith(`${home}/`) ? t.path.slice(home.length + 1) : undefined;
      let severity: Severity | undefined;
      let why = '';
      if (program && RUNS_ANYTHING.test(program)) {
        severity = 'critical';
        why = g.setid ? `makes ${program} setuid: a root shell for every local user` : `lets every user replace ${program}, which others run`;
      } else if (t.cls === 'system-root' && !/^\/(tmp|var\/tmp)(\/|$)/.test(t.path ?? '')) {
        if (g.setid) [severity, why] = ['high', `makes ${t.what} setuid or setgid`];
        // chmod -R 777 on a system tree is FS007's.
        else if (!recursive) [severity, why] = [VITAL.test(t.path ?? '') ? 'critical' : 'high', `lets every user write ${t.what}`];
      } else if (inHome !== undefined && CREDENTIALS.test(inHome) && g.worldWritable && !recursive) {
        [severity, why] = ['high', `lets every user write ${t.what}, where your keys and credentials are`];
      }
      if (severity) hits.push({ severity, span: spanFromProgram(cmd, [mode, w]), message: `chmod ${mode.value} ${why}.`, context: { targetClass: t.cls } });
    }
    return hits.length ? hits : undefined;
  },
};
