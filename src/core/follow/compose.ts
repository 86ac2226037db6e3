/**
 * A compose service's binds and working folder (`docker compose run web …`), from the compose file
 * at hand, read through the follow budget. Apart from containers.ts, which the engine always uses,
 * because it needs a YAML parser and a reader.
 */
import { yaml } from '../parsers/on-demand';
import type { ContainerRun } from '../shell/container-run';
import type { CommandContext } from '../types';
import { dirOf, type FollowState, readFollowed, resolvePath } from './state';

export interface HostBind {
  /** Absolute host path, or undefined when only known at run time. */
  host?: string;
  /** As written, for messages. */
  shown: string;
  target: string;
  volume: boolean;
  readOnly: boolean;
}

/** A compose service's binds and working folder, as containers.ts asks for them. */
export type ComposeReader = (run: ContainerRun, hostDir: string) => { binds: HostBind[]; workdir?: string } | undefined;

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** A compose service's binds and working folder, from the compose file at hand. */
export function composeService(run: ContainerRun, hostDir: string, ctx: CommandContext, state: FollowState): { binds: HostBind[]; workdir?: string } | undefined {
  const service = run.image;
  if (!service || service.dynamic) return undefined;
  let files: string[];
  let dir = run.projectDir && !run.projectDir.dynamic ? resolvePath(hostDir, run.projectDir.value, ctx.home) : hostDir;
  if (run.composeFiles.length) {
    if (run.composeFiles.some((f) => f.dynamic)) return undefined;
    files = run.composeFiles.map((f) => resolvePath(hostDir, f.value, ctx.home));
    if (!run.projectDir) dir = dirOf(files[0]);
  } else {
    files = [];
    let cur = dir;
    for (let hops = 0; hops < 8 && !files.length; hops++) {
      for (const n of COMPOSE_FILES) {
        const p = `${cur === '/' ? '' : cur}/${n}`;
        if (readFollowed(state, p, true).kind === 'text') {
          files.push(p);
          break;
        }
      }
      if (cur === '/' || cur === ctx.home) break;
      cur = dirOf(cur);
    }
    if (!files.length) return undefined;
    if (!run.projectDir) dir = dirOf(files[0]);
  }
  const binds: HostBind[] = [];
  let workdir: string | undefined;
  for (const f of files) {
    const got = readFollowed(state, f, true);
    if (got.kind !== 'text') return undefined;
    let doc;
    try {
      doc = yaml().parseDocument(got.texts[got.texts.length - 1], { uniqueKeys: false });
    } catch {
      return undefined;
    }
    const svc = doc.getIn(['services', service.value], true);
    if (!yaml().isMap(svc)) continue;
    const wd = svc.get('working_dir');
    if (typeof wd === 'string') workdir = wd;
    const vols = svc.get('volumes', true);
    if (!yaml().isSeq(vols)) continue;
    for (const item of vols.items) {
      if (yaml().isScalar(item) && typeof item.value === 'string') {
        const [src, dst, mode] = item.value.split(':');
        if (!dst?.startsWith('/')) continue;
        const volume = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(src);
        binds.push({ host: volume ? undefined : resolvePath(dir, src, ctx.home), shown: src, target: dst.replace(/\/+$/, '') || '/', volume, readOnly: /(^|,)ro(,|$)/.test(mode ?? '') });
      } else if (yaml().isMap(item)) {
        const t = item.get('type');
        const type = typeof t === 'string' ? t : 'volume';
        const src = item.get('source');
        const dst = item.get('target');
        if (type === 'tmpfs' || typeof dst !== 'string' || !dst.startsWith('/')) continue;
        const volume = type !== 'bind';
        binds.push({ host: volume || typeof src !== 'string' ? undefined : resolvePath(dir, src, ctx.home), shown: typeof src === 'string' ? src : '', target: dst.replace(/\/+$/, '') || '/', volume, readOnly: item.get('read_only') === true });
      }
    }
  }
  return { binds, workdir };
}
