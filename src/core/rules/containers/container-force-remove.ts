import { isOn, optWords, parseArgs } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, filtered, names, RM_SPEC } from './helpers';

export const containerForceRemove: CommandRule = {
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
    if (!force && !volumes && !all) return undefined;
    // Forced, it first does what `docker stop` does (CTR008, medium) and then deletes the
    // container: never less than stopping it.
    let severity: Severity = 'medium';
    if (a.c.scope.length) severity = 'high';
    const which = all ? `every ${kind}` : names(p.positionals, kind);
    return {
      severity,
      message: `${a.c.tool} rm${force ? ' -f' : ''} deletes ${which}${force ? ' (killing running ones)' : ''} with everything written inside${volumes ? ', and their anonymous volumes with the data' : ''}.`,
      span: spanFromProgram(cmd, [a.action, ...optWords(p, 'f', 'force', 'v', 'volumes', 'a', 'all'), ...p.positionals.slice(0, 8)]),
      context: { scope: a.c.scope },
    };
  },
};
