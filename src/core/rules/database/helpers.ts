/**
 * What several database rules share.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { Severity, Span } from '../../types';
import type { ParsedArgs } from '../cli-options';
import { spanFromProgram, spanOf } from '../rule';

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export const rank = (s: Severity): number => ORDER.indexOf(s);

/** A piece of text that a client will run, and where it sits in the line. */
export interface Script {
  text: string;
  span: Span;
  /** How it arrives, for the message. */
  from: string;
}

/** A span from the program word to the script, wherever the script sits (argument, heredoc, pipe). */
export function fromProgram(cmd: SimpleCommand, span: Span): Span {
  const p = cmd.programWord.span;
  return { start: Math.min(p.start, span.start), end: Math.max(p.end, span.end) };
}

/** Hosts of the ssh hops that led here: `ssh prod-db psql …` runs on prod-db. */
export function remoteHosts(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const v of cmd.via) if (v.kind === 'remote' && v.host) out.push(v.host);
  return out;
}

/** The text an earlier pipeline stage prints, when it is a literal `echo`/`printf`/`cat <<EOF`. */
function pipedText(cmd: SimpleCommand): Script | undefined {
  const prev = cmd.pipeline?.previous;
  if (!prev || prev.length !== 1) return undefined;
  const p = prev[0];
  if ((p.program === 'echo' || p.program === 'printf') && p.args.length) {
    const args = p.args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.value)));
    return { text: args.map((a) => a.value.split(DYN).join(' ')).join(' ').replace(/\\n/g, '\n'), span: spanOf(p, args), from: `piped from ${p.program}` };
  }
  if (p.program === 'cat' && p.stdinText !== undefined) return { text: p.stdinText, span: p.stdinSpan ?? p.span, from: 'piped from a heredoc' };
  return undefined;
}

export function stdinScript(cmd: SimpleCommand): Script | undefined {
  if (cmd.stdinText !== undefined) return { text: cmd.stdinText.split(DYN).join(' '), span: cmd.stdinSpan ?? cmd.span, from: 'on stdin' };
  return pipedText(cmd);
}

export function optionScripts(cmd: SimpleCommand, p: ParsedArgs, names: readonly string[]): Script[] {
  const out: Script[] = [];
  for (const n of names) {
    for (const o of p.options.get(n) ?? []) {
      if (o.value === undefined) continue;
      const ws = o.valueWord ? [o.word, o.valueWord] : [o.word];
      out.push({ text: o.value.split(DYN).join(' '), span: spanFromProgram(cmd, ws), from: `in ${o.word.value.replace(/=.*$/, '')}` });
    }
  }
  return out;
}

export const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

export function dropMysqlPasswords(args: readonly Word[]): Word[] {
  // `-pSecret` is mysql's attached password; read as flags it would look like `-S ecret`.
  return args.filter((a) => !(/^-p./.test(a.value) && !a.value.startsWith('--')));
}
