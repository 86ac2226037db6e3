/**
 * Reading docker, podman and nerdctl command lines (and docker-compose / podman-compose):
 * global options first, then a chain of subcommands (`docker container rm`, `docker compose -f x
 * down`). Shared by the containers and publishing packs.
 */
import type { SimpleCommand, Word } from '../shell/model';
import type { ScopeClass } from '../types';
import { type OptionSpec, parseArgs, productionScope, valueOf, withStdinArgs } from '../shell/cli-args';

export const CONTAINER_CLIS = ['docker', 'podman', 'nerdctl'];
export const COMPOSE_CLIS = ['docker-compose', 'podman-compose'];

const GLOBAL_SPEC: OptionSpec = {
  shortWithValue: 'cHlna',
  withValue: [
    'config', 'context', 'host', 'log-level', 'tlscacert', 'tlscert', 'tlskey',
    'connection', 'url', 'root', 'runroot', 'storage-driver', 'storage-opt', 'identity', 'cgroup-manager', 'events-backend', 'network-cmd-path', 'tmpdir', 'module', 'out', 'ssh', 'volumepath', 'imagestore', 'hooks-dir', 'conmon', 'runtime', 'runtime-flag',
    'namespace', 'address', 'snapshotter', 'cni-path', 'cni-netconfpath', 'data-root', 'insecure-registry', 'host-gateway-ip',
  ],
  stopAtPositional: true,
};

const COMPOSE_SPEC: OptionSpec = {
  shortWithValue: 'fp',
  withValue: ['file', 'project-name', 'profile', 'env-file', 'project-directory', 'ansi', 'progress', 'parallel', 'podman-path', 'podman-args'],
  stopAtPositional: true,
};

export interface ContainerCommand {
  /** `docker`, `podman`, `nerdctl` or the compose program. */
  tool: string;
  /** The subcommand chain's first word (`system`, `volume`, `rm`, `compose`, …). */
  verb: Word;
  /** Everything after the verb. */
  rest: Word[];
  /** Engine context or host that reads like production. */
  scope: ScopeClass[];
}

/** Splits `docker [global options] VERB rest…`; undefined when there is no verb. */
export function containerCommand(cmd: SimpleCommand): ContainerCommand | undefined {
  const p = parseArgs(cmd.args, GLOBAL_SPEC);
  const verb = p.positionals[0];
  if (!verb) return undefined;
  const scope = productionScope(valueOf(p, 'c', 'context', 'connection'), valueOf(p, 'H', 'host', 'url'), cmd.assignments.find((a) => a.name === 'DOCKER_HOST' || a.name === 'DOCKER_CONTEXT')?.value.value);
  return { tool: cmd.program, verb, rest: withStdinArgs(cmd, cmd.args.slice(p.end)), scope };
}

export interface ComposeCommand {
  verb: Word;
  rest: Word[];
  /** The project name or file, when given, for messages. */
  project?: string;
  scope: ScopeClass[];
}

/** `docker compose [opts] VERB …`, `docker-compose [opts] VERB …`. */
export function composeCommand(cmd: SimpleCommand): ComposeCommand | undefined {
  let words: Word[];
  let scope: ScopeClass[] = [];
  if (COMPOSE_CLIS.includes(cmd.program)) words = withStdinArgs(cmd, cmd.args);
  else {
    const c = containerCommand(cmd);
    if (!c || c.verb.value !== 'compose') return undefined;
    words = c.rest;
    scope = c.scope;
  }
  const p = parseArgs(words, COMPOSE_SPEC);
  const verb = p.positionals[0];
  if (!verb) return undefined;
  const project = valueOf(p, 'p', 'project-name') ?? valueOf(p, 'f', 'file') ?? cmd.assignments.find((a) => a.name === 'COMPOSE_PROJECT_NAME')?.value.value;
  return { verb, rest: words.slice(p.end), project, scope: [...scope, ...productionScope(project)] };
}
