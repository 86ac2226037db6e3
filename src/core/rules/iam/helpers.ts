/**
 * What several iam rules share.
 */
import type { Word } from '../../shell/model';
import { looksProduction, optionWords, shown } from '../cli-options';
import type { CloudCall } from '../cloud-cli';

export function prodOf(c: CloudCall, ...names: (string | undefined)[]): boolean {
  return looksProduction(...names, ...c.targets);
}

export function where(c: CloudCall): string {
  return c.targets.length ? ` (${c.targets.map((t) => shown(t, 40)).join(', ')})` : '';
}

/** The value of a policy option, with whether it was computed at run time. */
export function policyArg(c: CloudCall, name: string): { value: string; dynamic: boolean; words: Word[] } | undefined {
  const list = c.args.options.get(name);
  if (!list?.length) return undefined;
  const o = list[0];
  if (o.value === undefined) return undefined;
  const dynamic = (o.valueWord ?? o.word).dynamic;
  return { value: o.value, dynamic, words: optionWords(c.args, name) };
}
