/**
 * What several system rules share.
 */
import type { SimpleCommand, Word } from '../../shell/model';

export const isOpt = (w: Word): boolean => w.value.startsWith('-') && w.value.length > 1;

export const operands = (cmd: SimpleCommand): Word[] => cmd.args.filter((a) => !isOpt(a));

export const unitName = (v: string): string => v.replace(/\.service$/, '');

/** `systemctl [opts] VERB UNIT…` → the verb word and its units. */
export function systemctlCall(cmd: SimpleCommand): { verb?: Word; units: Word[] } {
  if (cmd.program !== 'systemctl') return { units: [] };
  const ops: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (/^-(H|M|t|p|o|n|s)$/.test(v) || /^--(host|machine|type|property|output|lines|signal|state|job-mode|root|kill-whom|what)$/.test(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    ops.push(cmd.args[i]);
  }
  const [verb, ...units] = ops;
  return { verb, units };
}

/** `service NAME ACTION` (SysV) and `Stop-Service NAME` (PowerShell). */
function serviceCall(cmd: SimpleCommand): { action?: Word; units: Word[] } {
  if (cmd.program === 'service') {
    const [name, action] = operands(cmd);
    return { action, units: name ? [name] : [] };
  }
  if (cmd.program === 'stop-service' || cmd.program === 'set-service') {
    const names = cmd.args.filter((a, i) => !isOpt(a) && (i === 0 || /^-name$/i.test(cmd.args[i - 1].value) || !isOpt(cmd.args[i - 1])));
    return { action: cmd.programWord, units: names.slice(0, 1) };
  }
  return { units: [] };
}

const STOP_VERBS = new Set(['stop', 'disable', 'mask', 'kill']);

/** Units (of `names`) that the command stops or disables. */
export function stoppedUnits(cmd: SimpleCommand, names: ReadonlySet<string>): { words: Word[]; units: string[] } | undefined {
  const sc = systemctlCall(cmd);
  if (sc.verb && STOP_VERBS.has(sc.verb.value)) {
    const hit = sc.units.filter((u) => names.has(unitName(u.value)));
    if (hit.length) return { words: [sc.verb, ...hit], units: hit.map((u) => unitName(u.value)) };
  }
  const sv = serviceCall(cmd);
  if (sv.action && (cmd.program !== 'service' || STOP_VERBS.has(sv.action.value)) && sv.units.length && names.has(unitName(sv.units[0].value))) {
    if (cmd.program === 'set-service' && !cmd.args.some((a) => /^(disabled|stopped)$/i.test(a.value))) return undefined;
    return { words: [sv.action, ...sv.units], units: [sv.units[0].value] };
  }
  return undefined;
}
