/**
 * Containers: Docker, Podman, nerdctl and Compose. Volumes hold data that exists nowhere else;
 * containers, images and build cache are mostly regenerable, so removing them is low unless
 * volumes go with them. Everyday commands (ps, logs, build, run, stop, compose up/down) stay
 * silent.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { isOn, type OptionSpec, optWords, parseArgs, type ParsedArgs, productionScope, shown } from '../../shell/cli-args';
import { COMPOSE_CLIS, composeCommand, CONTAINER_CLIS, type ContainerCommand, containerCommand } from '../docker-args';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

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

function actionOf(cmd: SimpleCommand): Action | undefined {
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

const RM_SPEC: OptionSpec = { shortWithValue: 't', withValue: ['filter', 'time', 'cidfile', 'depend'] };

/** `volume pgdata`, `volumes a, b and 3 more`, or `the volumes listed at run time`. */
function names(words: Word[], noun: string): string {
  if (words.length === 0) return `the ${noun}s`;
  const dyn = words.find((w) => w.dynamic);
  if (dyn) return `the ${noun}s listed at run time${dyn.raw ? ` (${shown(dyn.raw, 40)})` : ' (from stdin)'}`;
  const vs = words.slice(0, 4).map((w) => shown(w.value, 40));
  const list = words.length > 4 ? `${vs.join(', ')} and ${words.length - 4} more` : vs.join(', ');
  return `${noun}${words.length > 1 ? 's' : ''} ${list}`;
}

function filtered(p: ParsedArgs): string {
  const f = p.opts.filter((o) => o.name === 'filter' && o.value !== undefined).map((o) => shown(o.value!, 30));
  return f.length ? ` (filter ${f.join(', ')})` : '';
}

const volumeRemove: CommandRule = {
  id: 'CTR001',
  name: 'volume-remove',
  category: 'containers',
  severity: 'high',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['volume'] }],
  summary: 'Catches `docker volume rm` and `docker volume prune` (and podman/nerdctl), which delete volumes and the data stored in them.',
  rationale: 'Volumes are where containers keep databases, uploads and caches precisely because the data must outlive the container; removing one deletes that data with no copy.',
  alternative: 'docker run --rm -v <volume>:/data -v "$PWD":/backup alpine tar czf /backup/<volume>.tgz /data, then remove the volume by name',
  examples: {
    fire: ['docker volume rm pgdata', 'docker volume prune -f', 'podman volume rm --all', 'docker volume rm $(docker volume ls -q)', 'sudo docker -H ssh://prod volume prune -af'],
    pass: ['docker volume ls', 'docker volume inspect pgdata', 'docker volume create cache', 'docker rm pgdata'],
  },
  check(cmd) {
    const a = actionOf(cmd);
    if (!a || a.group !== 'volume' || (a.action.value !== 'rm' && a.action.value !== 'prune')) return undefined;
    const p = parseArgs(a.args, RM_SPEC);
    if (isOn(p, 'help')) return undefined;
    const scope = [...a.c.scope, ...productionScope(...p.positionals.map((w) => w.value))];
    const span = spanFromProgram(cmd, [a.action, ...optWords(p, 'a', 'all', 'f', 'force'), ...p.positionals.slice(0, 8)]);
    if (a.action.value === 'prune') {
      const all = isOn(p, 'a', 'all');
      return {
        severity: scope.length ? 'critical' : 'high',
        message: `${a.c.tool} volume prune deletes every ${all ? '' : 'anonymous '}volume not used by a container${filtered(p)}, with the data in them; a stopped database's volume counts as unused.`,
        span,
        context: { scope },
      };
    }
    const all = isOn(p, 'a', 'all');
    if (!all && p.positionals.length === 0) return undefined;
    return {
      severity: scope.length ? 'critical' : 'high',
      message: `${a.c.tool} volume rm deletes ${all ? 'every volume' : names(p.positionals, 'volume')} and all the data stored in them.`,
      span,
      context: { scope },
    };
  },
};

const systemPrune: CommandRule = {
  id: 'CTR002',
  name: 'system-prune',
  category: 'containers',
  severity: 'high',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['system'] }],
  summary: 'Catches `docker system prune` (worse with `-a`, data loss with `--volumes`) and `podman system reset`.',
  rationale: 'Prune removes stopped containers, unused networks, dangling images and build cache; `-a` adds every unused image (locally built ones have no other copy) and `--volumes` deletes volume data. `podman system reset` wipes all of it.',
  alternative: 'docker system df to see what would go, then prune one kind at a time (docker image prune, docker builder prune) and leave volumes alone',
  examples: {
    fire: ['docker system prune', 'docker system prune -af', 'docker system prune --all --volumes --force', 'podman system reset -f'],
    pass: ['docker system df', 'docker system info', 'docker image prune', 'docker system prune --help'],
  },
  check(cmd) {
    const a = actionOf(cmd);
    if (!a || a.group !== 'system') return undefined;
    const p = parseArgs(a.args, RM_SPEC);
    if (isOn(p, 'help')) return undefined;
    if (a.action.value === 'reset') {
      return {
        severity: 'high',
        message: `${a.c.tool} system reset deletes every container, image, pod, network and volume with their data, and resets storage to a fresh install.`,
        span: spanFromProgram(cmd, [a.action]),
        context: { scope: a.c.scope },
      };
    }
    if (a.action.value !== 'prune') return undefined;
    const all = isOn(p, 'a', 'all');
    const volumes = isOn(p, 'volumes');
    const severity: Severity = volumes ? 'high' : all ? 'medium' : 'low';
    const parts = ['stopped containers (and anything written inside them)', 'unused networks', all ? 'every image not used by a container, including ones only built here' : 'dangling images', 'build cache'];
    if (volumes) parts.push('unused volumes with their data');
    return {
      severity,
      message: `${a.c.tool} system prune deletes ${parts.join(', ')}${filtered(p)}.`,
      span: spanFromProgram(cmd, [a.action, ...optWords(p, 'a', 'all', 'volumes')]),
      context: { scope: a.c.scope },
    };
  },
};

const COMPOSE_DOWN_SPEC: OptionSpec = { shortWithValue: 't', withValue: ['rmi', 'timeout'] };

const composeDownVolumes: CommandRule = {
  id: 'CTR003',
  name: 'compose-down-volumes',
  category: 'containers',
  severity: 'high',
  triggers: [
    { programs: CONTAINER_CLIS, subcommands: ['down', 'rm'] },
    { programs: COMPOSE_CLIS, subcommands: ['down', 'rm'] },
  ],
  summary: 'Catches `docker compose down -v` (`--volumes`) and `compose rm -v`, which delete the project\'s volumes along with its containers.',
  rationale: 'Plain `compose down` keeps named volumes, so databases survive a restart; `-v` deletes them, and the next `up` starts from an empty database.',
  alternative: 'docker compose down   (keeps volumes); remove a single volume by name after backing it up',
  examples: {
    fire: ['docker compose down -v', 'docker-compose down --volumes --remove-orphans', 'docker compose -f docker-compose.prod.yml down -v', 'podman-compose down -v', 'docker compose rm -fsv'],
    pass: ['docker compose down', 'docker compose down --rmi local', 'docker compose up -d', 'docker compose logs -f db', 'docker compose -v down'],
  },
  check(cmd) {
    const c = composeCommand(cmd);
    if (!c || (c.verb.value !== 'down' && c.verb.value !== 'rm')) return undefined;
    const p = parseArgs(c.rest, COMPOSE_DOWN_SPEC);
    if (!isOn(p, 'v', 'volumes')) return undefined;
    const project = c.project ? ` of ${shown(c.project, 50)}` : '';
    if (c.verb.value === 'rm') {
      return {
        severity: 'medium',
        message: `compose rm -v removes the containers${project} together with their anonymous volumes and the data in them.`,
        span: spanFromProgram(cmd, [c.verb, ...optWords(p, 'v', 'volumes')]),
        context: { scope: c.scope },
      };
    }
    return {
      severity: c.scope.length ? 'critical' : 'high',
      message: `compose down -v deletes the named and anonymous volumes${project} (databases, uploads) along with the containers; the next up starts empty.`,
      span: spanFromProgram(cmd, [c.verb, ...optWords(p, 'v', 'volumes')]),
      context: { scope: c.scope },
    };
  },
};

const containerRemove: CommandRule = {
  id: 'CTR004',
  name: 'container-force-remove',
  category: 'containers',
  severity: 'medium',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['rm', 'container', 'pod'] }],
  summary: 'Catches `docker rm -f` (running containers), `rm -v` (with their anonymous volumes), bulk removes and `container prune`.',
  rationale: 'A container\'s writable layer holds anything written inside it that was not on a volume; `-f` kills and deletes a running one, `-v` also deletes its anonymous volumes.',
  alternative: 'docker stop <name> first, docker cp out anything you need, then docker rm <name> without -v',
  examples: {
    fire: ['docker rm -f web', 'docker rm -fv db', 'docker rm -f $(docker ps -aq)', 'docker container prune -f', 'podman pod rm -f mypod', 'podman rm --all'],
    pass: ['docker rm web', 'docker ps -a', 'docker container ls', 'docker stop web', 'docker rmi -f web:old'],
  },
  check(cmd) {
    const a = actionOf(cmd);
    if (!a || (a.group !== 'container' && a.group !== 'pod')) return undefined;
    const p = parseArgs(a.args, RM_SPEC);
    if (isOn(p, 'help')) return undefined;
    const kind = a.group === 'pod' ? 'pod' : 'container';
    if (a.action.value === 'prune') {
      return {
        severity: 'low',
        message: `${a.c.tool} ${a.group} prune deletes every stopped ${kind}${filtered(p)} with anything written inside ${kind === 'pod' ? 'their containers' : 'them'}.`,
        span: spanFromProgram(cmd, [a.action]),
        context: { scope: a.c.scope },
      };
    }
    if (a.action.value !== 'rm') return undefined;
    const force = isOn(p, 'f', 'force');
    const volumes = isOn(p, 'v', 'volumes');
    const all = isOn(p, 'a', 'all');
    const bulk = all || p.positionals.some((w) => w.dynamic);
    if (!force && !volumes && !all) return undefined;
    let severity: Severity = volumes || bulk ? 'medium' : 'low';
    if (a.c.scope.length) severity = severity === 'low' ? 'medium' : 'high';
    const which = all ? `every ${kind}` : names(p.positionals, kind);
    return {
      severity,
      message: `${a.c.tool} rm${force ? ' -f' : ''} deletes ${which}${force ? ' (killing running ones)' : ''} with everything written inside${volumes ? ', and their anonymous volumes with the data' : ''}.`,
      span: spanFromProgram(cmd, [a.action, ...optWords(p, 'f', 'force', 'v', 'volumes', 'a', 'all'), ...p.positionals.slice(0, 8)]),
      context: { scope: a.c.scope },
    };
  },
};

const imageRemove: CommandRule = {
  id: 'CTR005',
  name: 'image-remove',
  category: 'containers',
  severity: 'low',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['rmi', 'image', 'builder', 'buildx', 'network'] }],
  summary: 'Catches `docker rmi`, `image prune`, `builder prune` and `network prune`: regenerable, but images built only here must be rebuilt.',
  rationale: 'Pulled images and build cache come back with a pull or a rebuild; images that were only ever built locally take a rebuild, and pruned networks must be recreated.',
  alternative: 'docker image ls, then remove the images you mean by tag',
  examples: {
    fire: ['docker rmi web:old', 'docker image prune -a', 'docker builder prune -af', 'docker buildx prune --all', 'docker network prune -f'],
    pass: ['docker image ls', 'docker images', 'docker image inspect web', 'docker network ls'],
  },
  check(cmd) {
    const a = actionOf(cmd);
    if (!a) return undefined;
    const p = parseArgs(a.args, RM_SPEC);
    if (isOn(p, 'help')) return undefined;
    let message: string | undefined;
    if (a.group === 'image' && a.action.value === 'rm') {
      if (p.positionals.length === 0) return undefined;
      message = `${a.c.tool} rmi deletes ${names(p.positionals, 'image')}${isOn(p, 'f', 'force') ? ' even if containers use it' : ''}; pulled images come back with a pull, local builds need a rebuild.`;
    } else if (a.group === 'image' && a.action.value === 'prune') {
      message = `${a.c.tool} image prune deletes ${isOn(p, 'a', 'all') ? 'every image not used by a container' : 'dangling images'}${filtered(p)}.`;
    } else if ((a.group === 'builder' || a.group === 'buildx') && a.action.value === 'prune') {
      message = `${a.c.tool} ${a.group} prune deletes ${isOn(p, 'a', 'all') ? 'the whole' : 'unused'} build cache; the next builds are slower.`;
    } else if (a.group === 'network' && (a.action.value === 'prune' || a.action.value === 'rm')) {
      message = `${a.c.tool} network ${a.action.value} deletes ${a.action.value === 'prune' ? 'every unused network' : names(p.positionals, 'network')}${filtered(p)}.`;
    }
    if (!message) return undefined;
    return { message, span: spanFromProgram(cmd, [a.action, ...optWords(p, 'a', 'all', 'f', 'force')]), context: { targetClass: 'artifact', scope: a.c.scope } };
  },
};

const swarmRemove: CommandRule = {
  id: 'CTR006',
  name: 'swarm-service-remove',
  category: 'containers',
  severity: 'high',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['stack', 'service'] }],
  summary: 'Catches `docker stack rm` and `docker service rm`, which take running Swarm services down.',
  rationale: 'Removing a stack or service stops every replica at once; whatever it served is down until it is deployed again.',
  alternative: 'docker service scale <service>=0 to stop it reversibly, or docker stack deploy an updated file',
  examples: {
    fire: ['docker stack rm shop', 'docker service rm api_web', 'docker stack rm shop-prod'],
    pass: ['docker stack ls', 'docker service ls', 'docker stack deploy -c stack.yml shop', 'docker service logs api_web'],
  },
  check(cmd) {
    const a = actionOf(cmd);
    if (!a || (a.group !== 'stack' && a.group !== 'service') || (a.action.value !== 'rm' && a.action.value !== 'down')) return undefined;
    const p = parseArgs(a.args, { shortWithValue: 'c', withValue: ['namespace', 'orchestrator', 'kubeconfig'] });
    if (p.positionals.length === 0) return undefined;
    const scope = [...a.c.scope, ...productionScope(...p.positionals.map((w) => w.value))];
    return {
      severity: scope.length ? 'high' : 'medium',
      message: `${a.c.tool} ${a.group} rm takes ${names(p.positionals, a.group)} down with every replica${a.group === 'stack' ? ', its services, networks, configs and secrets' : ''}.`,
      span: spanFromProgram(cmd, [a.action, ...p.positionals.slice(0, 8)]),
      context: { scope },
    };
  },
};

const vmRemove: CommandRule = {
  id: 'CTR007',
  name: 'container-vm-remove',
  category: 'containers',
  severity: 'high',
  triggers: [
    { programs: ['podman'], subcommands: ['machine'] },
    { programs: ['colima'], subcommands: ['delete'] },
  ],
  summary: 'Catches `podman machine rm|reset` and `colima delete`, which delete the VM that holds every container, image and volume.',
  rationale: 'On macOS and Windows the container engine lives in a VM; deleting it deletes every volume in it, with the data.',
  alternative: 'podman machine stop (or colima stop) to free resources; back up volumes before deleting the VM',
  examples: {
    fire: ['podman machine rm -f', 'podman machine reset', 'colima delete --force'],
    pass: ['podman machine stop', 'podman machine list', 'colima stop', 'colima status'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, { shortWithValue: 'p', withValue: ['profile'] });
    const [verb, action] = p.positionals;
    if (!verb) return undefined;
    let what: string | undefined;
    let words: Word[] = [];
    if (cmd.program === 'colima' && verb.value === 'delete') {
      what = `colima delete removes the ${p.positionals[1] ? shown(p.positionals[1].value) : 'default'} VM with every container, image and volume inside it`;
      words = [verb];
    } else if (cmd.program === 'podman' && verb.value === 'machine' && action && ['rm', 'remove', 'reset'].includes(action.value)) {
      what = action.value === 'reset'
        ? 'podman machine reset deletes every machine with all containers, images and volumes inside them'
        : `podman machine rm deletes machine ${p.positionals[2] ? shown(p.positionals[2].value) : '(default)'} with every container, image and volume inside it`;
      words = [verb, action];
    }
    if (!what || isOn(p, 'help')) return undefined;
    const m: RuleMatch = { message: `${what}.`, span: spanFromProgram(cmd, words) };
    return m;
  },
};

export const containersPack: RulePack = {
  name: 'containers',
  description: 'Docker, Podman, nerdctl and Compose: deleted volumes, system prunes and resets, forced container removal, images and swarm services.',
  rules: [volumeRemove, systemPrune, composeDownVolumes, containerRemove, imageRemove, swarmRemove, vmRemove],
};
