import { isOn, optWords, parseArgs, productionScope } from '../../shell/cli-args';
import { CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, filtered, names, RM_SPEC } from './helpers';

export const volumeRemove: CommandRule = {
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
