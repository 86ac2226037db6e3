/**
 * What a `docker|podman|nerdctl run` (or `compose run`) line says about the container's file
 * system: the host folders and volumes bound in (`-v`, `--volume`, `--mount`), the working folder
 * (`-w`), and for compose the service and files. Read by the extractor, which hangs it on the
 * commands run inside; the engine judges those against the host paths they reach (containers.ts).
 */
import type { Bind, ContainerRun, Word } from './model';

export type { Bind, ContainerRun } from './model';

const GLOBAL_WITH_VALUE = new Set(['--context', '--host', '-H', '-c', '--config', '--log-level', '-l', '--url', '--connection', '--root', '--runroot', '--storage-driver', '--namespace', '-n', '--address', '-a']);
const COMPOSE_WITH_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel']);
/** `run` options that take a value (long forms; `--x=y` is read whatever the name). */
const RUN_LONG_WITH_VALUE = new Set([
  '--name', '--env', '--env-file', '--volume', '--workdir', '--user', '--publish', '--network', '--net', '--entrypoint', '--label',
  '--mount', '--hostname', '--platform', '--memory', '--cpus', '--cpu-shares', '--restart', '--add-host', '--device', '--dns',
  '--log-driver', '--log-opt', '--pull', '--runtime', '--security-opt', '--shm-size', '--ulimit', '--cap-add', '--cap-drop',
  '--detach-keys', '--gpus', '--ipc', '--pid', '--tmpfs', '--volumes-from', '--expose', '--health-cmd', '--stop-signal',
  '--stop-timeout', '--cidfile', '--group-add', '--link', '--mac-address', '--ip', '--userns', '--uts', '--cgroupns',
  '--cgroup-parent', '--label-file', '--attach', '--volume-driver', '--memory-swap', '--memory-reservation', '--cpuset-cpus',
  '--cpu-period', '--cpu-quota', '--blkio-weight', '--pids-limit', '--storage-opt', '--sysctl', '--annotation', '--arch', '--os',
  '--service-ports', '--publish-all',
]);
const RUN_SHORT_WITH_VALUE = 'evwupmhlacn';

/** Reads `docker … run …` (the words after the program); undefined for anything else (`exec`, `build`). */
export function containerRunOf(words: readonly Word[]): ContainerRun | undefined {
  let i = 0;
  while (i < words.length && words[i].value.startsWith('-')) {
    if (GLOBAL_WITH_VALUE.has(words[i].value)) i++;
    i++;
  }
  let sub = words[i]?.value;
  if (sub === 'container') sub = words[++i]?.value;
  const run: ContainerRun = { kind: 'run', binds: [], composeFiles: [], volumesFrom: false, hostAccess: false };
  if (sub === 'compose') {
    run.kind = 'compose-run';
    i++;
    while (i < words.length && words[i].value.startsWith('-')) {
      const v = words[i].value;
      const eq = v.indexOf('=');
      const name = eq === -1 ? v : v.slice(0, eq);
      const value = eq === -1 ? (COMPOSE_WITH_VALUE.has(name) ? words[++i] : undefined) : { ...words[i], value: v.slice(eq + 1) };
      if ((name === '-f' || name === '--file') && value) run.composeFiles.push(value);
      if (name === '--project-directory' && value) run.projectDir = value;
      i++;
    }
    sub = words[i]?.value;
  }
  if (sub !== 'run') return undefined;
  i++;
  for (; i < words.length; i++) {
    const w = words[i];
    const v = w.value;
    if (v === '--') {
      i++;
      break;
    }
    if (!v.startsWith('-') || v === '-') break;
    let name: string;
    let value: Word | undefined;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      name = eq === -1 ? v : v.slice(0, eq);
      value = eq === -1 ? (RUN_LONG_WITH_VALUE.has(name) ? words[++i] : undefined) : { ...w, value: v.slice(eq + 1) };
      if (name === '--privileged' && value?.value !== 'false') run.hostAccess = true;
      if (name === '--device' || name === '--device-cgroup-rule' || ((name === '--pid' || name === '--userns') && value?.value === 'host')) run.hostAccess = true;
    } else {
      // `-it`, `-v x`, `-vx`, `-w/app`: the last letter may take a value, written on or after it.
      const k = [...v.slice(1)].findIndex((c) => RUN_SHORT_WITH_VALUE.includes(c));
      if (k === -1) continue;
      name = `-${v[k + 1]}`;
      const rest = v.slice(k + 2);
      value = rest ? { ...w, value: rest } : words[++i];
    }
    if (!value) continue;
    if (name === '-v' || name === '--volume') {
      const b = volumeBind(value);
      if (b) run.binds.push(b);
    } else if (name === '--mount') {
      const b = mountBind(value);
      if (b) run.binds.push(b);
    } else if (name === '-w' || name === '--workdir') {
      if (!value.dynamic) run.workdir = value.value;
    } else if (name === '--volumes-from') run.volumesFrom = true;
  }
  run.image = words[i];
  return run;
}

/** `-v SRC:DST[:opts]`; `-v DST` alone is an anonymous volume, the container's own. */
export function volumeBind(w: Word): Bind | undefined {
  const parts = splitColons(w.value);
  if (parts.length < 2) return undefined;
  const [src, dst, opts] = parts;
  if (!dst.startsWith('/')) return undefined;
  const source: Word = { ...w, value: src, raw: rawSource(w.raw) };
  return { source, target: dst, volume: isVolumeName(src), readOnly: /(^|,)ro(,|$)|(^|,)readonly(,|$)/.test(opts ?? '') };
}

/** `--mount type=bind,source=X,target=Y[,readonly]`. */
export function mountBind(w: Word): Bind | undefined {
  const fields = new Map<string, string>();
  for (const f of w.value.split(',')) {
    const eq = f.indexOf('=');
    fields.set(eq === -1 ? f : f.slice(0, eq), eq === -1 ? 'true' : f.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  if (type === 'tmpfs') return undefined;
  const src = fields.get('source') ?? fields.get('src');
  const dst = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!src || !dst?.startsWith('/')) return undefined;
  const readOnly = ['readonly', 'ro'].some((k) => fields.has(k) && fields.get(k) !== 'false');
  const raw = /(?:^|,)(?:source|src)=([^,]*)/.exec(w.raw)?.[1]?.replace(/^["']+|["']+$/g, '') ?? src;
  return { source: { ...w, value: src, raw }, target: dst, volume: type === 'volume', readOnly };
}

/** Splits at colons, keeping a Windows drive (`C:\x`) and a `\u0000` expansion whole. */
function splitColons(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === ':' && !(cur.length === 1 && /[A-Za-z]/.test(cur) && (v[i + 1] === '\\' || v[i + 1] === '/'))) {
      out.push(cur);
      cur = '';
    } else cur += v[i];
  }
  out.push(cur);
  return out;
}

/** The source as written in a `-v` value: up to the first colon, quotes off. */
function rawSource(raw: string): string {
  const colon = raw.indexOf(':');
  return (colon === -1 ? raw : raw.slice(0, colon)).replace(/^["']+|["']+$/g, '');
}

function isVolumeName(src: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(src);
}
