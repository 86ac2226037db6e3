/**
 * A command run in a new container (`docker|podman|nerdctl run`, `compose run`) reaches the host
 * only through what is bound in. Deleting or overwriting inside a bind of `$PWD` deletes the
 * project's files on this machine: such a command is judged against the host paths it reaches,
 * and its finding says which host folder that is. A path in the container's own files (nothing
 * bound there, or bound read-only) is the container's and stays quiet. What cannot be told (a
 * named volume, `--volumes-from`, a privileged container or one given the host's devices, a
 * running container's `exec`) keeps the engine's judgement of a command on another machine.
 */
import type { SimpleCommand, Via, Word } from '../shell/model';
import { DYN } from '../shell/words';
import type { CommandContext } from '../types';
import type { Bind } from '../shell/container-run';
import type { ComposeReader, HostBind } from './compose';
import { resolvePath, within } from './state';

/** Programs whose arguments are paths the rules judge by place. */
const PATH_PROGRAMS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm', 'rimraf', 'find', 'truncate', 'dd', 'mv', 'cp', 'rsync', 'chmod', 'chown', 'ln', 'wipe']);


/**
 * The command as the host sees it: path arguments moved to the host paths they reach, or dropped
 * when they are the container's own. `note` says where the container's paths lead, for messages.
 */
/** `compose`: reads a compose service's binds, when the caller can read files. */
export function mapContainerCommand(cmd: SimpleCommand, ctx: CommandContext, compose?: ComposeReader): { cmd: SimpleCommand; note?: string } {
  if (!cmd.remote || !PATH_PROGRAMS.has(cmd.program)) return { cmd };
  const at = lastContainer(cmd.via);
  if (!at?.run || at.run.volumesFrom || at.run.hostAccess) return { cmd };
  // A hop after the container (ssh from inside it) is another machine again.
  if (cmd.via.slice(cmd.via.indexOf(at) + 1).some((v) => v.kind === 'remote' || v.kind === 'container')) return { cmd };
  const run = at.run;
  const hostDir = ctx.cwd && ctx.cwd.startsWith('/') ? (run.hostCwd && !run.hostCwd.includes(DYN) ? resolvePath(ctx.cwd, run.hostCwd, ctx.home) : ctx.cwd) : undefined;
  let binds: HostBind[] = run.binds.map((b) => hostBind(b, hostDir, ctx));
  let workdir = run.workdir;
  if (run.kind === 'compose-run') {
    if (!compose || !hostDir) return { cmd };
    const service = compose(run, hostDir);
    if (!service) return { cmd };
    binds = [...service.binds, ...binds];
    workdir ??= service.workdir;
  }
  // A `cd` inside the container moves where relative paths point.
  const inner = cmd.cwd !== undefined && cmd.cwd !== run.hostCwd ? cmd.cwd : undefined;
  if (inner?.includes(DYN)) return { cmd };
  const cwd = inner?.startsWith('/') ? inner : resolvePath(workdir ?? '/', inner ?? '.');
  const used = new Map<string, HostBind>();
  const mapped: Word[] = [];
  const operands = operandIndexes(cmd);
  for (let k = 0; k < cmd.args.length; k++) {
    const a = cmd.args[k];
    if (!operands.has(k)) {
      mapped.push(a);
      continue;
    }
    const prefix = cmd.program === 'dd' ? a.value.slice(0, a.value.indexOf('=') + 1) : '';
    const value = a.value.slice(prefix.length);
    if (a.dynamic && value.startsWith(DYN)) {
      mapped.push(a);
      continue;
    }
    const path = value.startsWith('/') ? value : `${cwd.replace(/\/+$/, '')}/${value}`;
    const reach = reached(path, binds);
    if (reach === 'unknown') return { cmd };
    for (const r of reach) {
      used.set(r.bind.target, r.bind);
      mapped.push({ ...a, value: prefix + r.host, raw: a.raw, dynamic: r.host.includes(DYN) });
    }
  }
  const note = used.size ? `in the container, ${[...used.values()].map((b) => `${b.target} is ${b.host ?? b.shown} on this machine`).join('; ')}` : undefined;
  return { cmd: { ...cmd, args: mapped, remote: undefined, cwd: undefined }, note };
}

function lastContainer(via: readonly Via[]): Extract<Via, { kind: 'container' }> | undefined {
  for (let i = via.length - 1; i >= 0; i--) {
    const v = via[i];
    if (v.kind === 'container') return v;
  }
  return undefined;
}

/** Where a bind's source is on the host. */
function hostBind(b: Bind, hostDir: string | undefined, ctx: CommandContext): HostBind {
  const raw = b.source.raw;
  const base = { shown: raw, target: b.target.replace(/\/+$/, '') || '/', volume: b.volume, readOnly: b.readOnly };
  if (b.volume) return base;
  if (/^(\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)(\/|$)/.test(raw) && hostDir) return { ...base, host: resolvePath(hostDir, `.${raw.slice(raw.search(/\/|$/))}`) };
  const v = b.source.value;
  if (v.includes(DYN)) return base;
  if (v.startsWith('~') && !ctx.home) return base;
  if (!v.startsWith('/') && !v.startsWith('~') && !hostDir) return base;
  return { ...base, host: resolvePath(hostDir ?? '/', v, ctx.home) };
}

/**
 * The host paths a container path reaches: inside a bind, that place on the host; above one (`/`,
 * `/app/..`), the whole bound folder; elsewhere nothing (the container's own). `unknown` when it
 * reaches a named volume or a bind whose host path is computed.
 */
function reached(path: string, binds: readonly HostBind[]): { host: string; bind: HostBind }[] | 'unknown' {
  const p = path.split('/').filter((s, i) => s !== '' || i === 0).join('/') || '/';
  let inside: HostBind | undefined;
  for (const b of binds) if (within(p, b.target) && (!inside || b.target.length > inside.target.length)) inside = b;
  if (inside) {
    if (inside.readOnly) return [];
    if (inside.volume || !inside.host) return 'unknown';
    const rest = p.slice(inside.target === '/' ? 0 : inside.target.length);
    return [{ host: `${inside.host.replace(/\/+$/, '')}${rest.startsWith('/') || !rest ? rest : `/${rest}`}` || '/', bind: inside }];
  }
  const below = binds.filter((b) => !b.readOnly && within(b.target, p));
  if (below.some((b) => b.volume || !b.host)) return 'unknown';
  return below.map((b) => ({ host: b.host!, bind: b }));
}

/** Which arguments are paths: every operand, find's roots, dd's `of=`. */
function operandIndexes(cmd: SimpleCommand): Set<number> {
  const out = new Set<number>();
  let done = false;
  for (let k = 0; k < cmd.args.length; k++) {
    const v = cmd.args[k].value;
    if (cmd.program === 'dd') {
      if (v.startsWith('of=')) out.add(k);
      continue;
    }
    if (cmd.program === 'find') {
      if (/^[-!(]/.test(v)) break;
      out.add(k);
      continue;
    }
    if (!done && v === '--') {
      done = true;
      continue;
    }
    if (!done && v.startsWith('-') && v.length > 1) continue;
    out.add(k);
  }
  return out;
}

