/**
 * Reading the few options that say where a tool acts (`--context`, `--profile`, `-n`), the way
 * getopt-style tools take them: `--name value`, `--name=value`, `-n value` and `-nvalue`.
 * Scanning stops at `--`: what follows belongs to another program.
 */
import { DYN } from '../shell/words';
import type { SimpleCommand, Word } from '../shell/model';

export interface OptionNames {
  long?: readonly string[];
  short?: readonly string[];
  /** Long options written with one dash (`-chdir=dir`, `-var-file=x`), as Go's flag package takes them. */
  single?: readonly string[];
}

/** Every value given to the option, in order (the last one usually wins). */
export function optionValues(args: readonly Word[], names: OptionNames): string[] {
  const out: string[] = [];
  let i = 0;
  // The option's value as the next word, which it then takes (one function, not one per word).
  const next = (): string | undefined => {
    const n = args[i + 1];
    if (!n) return undefined;
    i++;
    return n.value;
  };
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      if (names.long?.includes(name) || names.single?.includes(name)) {
        const val = eq === -1 ? next() : v.slice(eq + 1);
        if (val !== undefined) out.push(val);
      }
    } else if (v.startsWith('-') && v.length > 1) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(1) : v.slice(1, eq);
      if (names.single?.includes(name)) {
        const val = eq === -1 ? next() : v.slice(eq + 1);
        if (val !== undefined) out.push(val);
        continue;
      }
      const ch = v[1];
      if (names.short?.includes(ch)) {
        const rest = v.slice(2).replace(/^=/, '');
        const val = rest ? rest : next();
        if (val !== undefined) out.push(val);
      }
    }
  }
  return out;
}

/** The last value of the option, or undefined. */
export function optionValue(args: readonly Word[], names: OptionNames): string | undefined {
  const all = optionValues(args, names);
  return all.length ? all[all.length - 1] : undefined;
}

/** True when the word is a flag (starts with `-`). */
export function isFlag(w: Word): boolean {
  return w.value.startsWith('-') && w.value.length > 1;
}

/** Arguments that are not flags nor the values of the listed options. */
export function positionalsOf(args: readonly Word[], withValue: OptionNames): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const v = w.value;
    if (v === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (!isFlag(w)) {
      out.push(w);
      continue;
    }
    if (v.includes('=')) continue;
    if (v.startsWith('--')) {
      if (withValue.long?.includes(v.slice(2))) i++;
    } else if (withValue.single?.includes(v.slice(1))) i++;
    else if (v.length === 2 && withValue.short?.includes(v[1])) i++;
  }
  return out;
}

/** A value for a message or a match: run-time parts shown as `…`. */
export function plain(value: string): string {
  return value.split(DYN).join('…');
}

/** True when the value is only known at run time, in whole or part. */
export function dynamic(value: string | undefined): boolean {
  return value !== undefined && value.includes(DYN);
}

/** The value of a variable as the command sees it: its own prefix assignments, then the line's, then the caller's. */
export function commandVariable(cmd: SimpleCommand, name: string, caller: ((name: string) => string | undefined) | undefined): { value?: string; fromLine: boolean } {
  for (let i = cmd.assignments.length - 1; i >= 0; i--) {
    if (cmd.assignments[i].name === name) return { value: cmd.assignments[i].value.value, fromLine: true };
  }
  if (cmd.lineVars && Object.prototype.hasOwnProperty.call(cmd.lineVars, name)) return { value: cmd.lineVars[name], fromLine: true };
  return { value: caller?.(name), fromLine: false };
}
