import { isOn, optWords, parseArgs } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { CONTAINER_CLIS, containerCommand } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, filtered, names } from './helpers';

export const containerStop: CommandRule = {
  id: 'CTR008',
  name: 'container-stop',
  category: 'containers',
  severity: 'high',
  triggers: [{ programs: CONTAINER_CLIS, subcommands: ['stop', 'kill', 'container'] }],
  summary: 'Catches `docker stop` and `docker kill` (also podman and nerdctl, `container stop|kill`), which take running containers down; every running container at once is the usual slip.',
  rationale: 'Whatever a container serves is down until someone starts it again, and one started with --rm is deleted with everything written inside it when it stops; kill gives it no chance to flush or shut down cleanly.',
  alternative: 'docker restart <name> if it only needs a restart, docker compose stop for the project\'s own services, and name the containers you mean rather than $(docker ps -q).',
  examples: {
    fire: ['docker stop web', 'docker kill web', 'docker stop $(docker ps -q)', 'podman stop --all', 'docker container kill -s KILL db'],
    pass: ['docker restart web', 'docker ps', 'docker start web', 'docker stop --help', 'docker compose stop'],
  },
  check(cmd) {
    const c = containerCommand(cmd);
    if (!c) return undefined;
    const direct = c.verb.value === 'stop' || c.verb.value === 'kill';
    const a = direct ? undefined : actionOf(cmd);
    const verb = direct ? c.verb : a?.group === 'container' && (a.action.value === 'stop' || a.action.value === 'kill') ? a.action : undefined;
    if (!verb) return undefined;
    const p = parseArgs(direct ? c.rest : a!.args, { shortWithValue: 'stf', withValue: ['signal', 'time', 'timeout', 'filter'] });
    if (isOn(p, 'help')) return undefined;
    const all = isOn(p, 'a', 'all') || p.positionals.some((w) => w.dynamic);
    if (!all && p.positionals.length === 0) return undefined;
    let severity: Severity = 'medium';
    if (c.scope.length) severity = 'high';
    const which = isOn(p, 'a', 'all') ? 'every running container' : names(p.positionals, 'container');
    return {
      severity,
      message: `${c.tool} ${verb.value} ${verb.value === 'kill' ? 'kills' : 'stops'} ${which}${filtered(p)}: whatever ${all || p.positionals.length > 1 ? 'they serve' : 'it serves'} is down until started again, and containers run with --rm are deleted with what was written inside them.`,
      span: spanFromProgram(cmd, [verb, ...optWords(p, 'a', 'all'), ...p.positionals.slice(0, 8)]),
      context: { scope: c.scope },
    };
  },
};
