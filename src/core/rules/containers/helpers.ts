import { kindName } from '../../plain-text';
/**
 * What several containers rules share.
 */
import { type OptionSpec, type ParsedArgs, shown } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import { type ContainerCommand, containerCommand } from '../docker-args';

/** The management group and action a command resolves to: `docker rmi` → image rm. */
interface Action {
  c: ContainerCommand;
  group: string;
  action: Word;
  args: Word[];
}

const SHORTHANDS: Readonly<Record<string, [string, string]>> = {
  rm: ['container', 'rm'],
  rmi: ['image', 'rm'],
};

export function actionOf(cmd: SimpleCommand): Action | undefined {
  const c = containerCommand(cmd);
  if (!c) return undefined;
  const short = SHORTHANDS[c.verb.value];
  if (short) return { c, group: short[0], action: { ...c.verb, value: short[1] }, args: c.rest };
  const first = c.rest.find((w) => !w.value.startsWith('-'));
  if (!first) return undefined;
  const at = c.rest.indexOf(first);
  const action = first.value === 'remove' || first.value === 'delete' ? { ...first, value: 'rm' } : first;
  return { c, group: c.verb.value, action, args: c.rest.slice(at + 1) };
}

export const RM_SPEC: OptionSpec = { shortWithValue: 't', withValue: ['filter', 'time', 'cidfile', 'depend'] };

/** `volume pgdata`, `volumes a, b and 3 more`, or `the volumes listed at run time`. */
export function names(words: Word[], noun: string): string {
  if (words.length === 0) return `the ${noun}s`;
  const dyn = words.find((w) => w.dynamic);
  if (dyn) return `the ${noun}s listed at run time${dyn.raw ? ` (${shown(dyn.raw, 40)})` : ' (from stdin)'}`;
  const vs = words.slice(0, 4).map((w) => shown(w.value, 40));
  const list = words.length > 4 ? `${vs.join(', ')} and ${words.length - 4} more` : vs.join(', ');
  return kindName(`${noun}${words.length > 1 ? 's' : ''}`, list);
}

export function filtered(p: ParsedArgs): string {
  const f = p.opts.filter((o) => o.name === 'filter' && o.value !== undefined).map((o) => shown(o.value!, 30));
  return f.length ? ` (filter ${f.join(', ')})` : '';
}
