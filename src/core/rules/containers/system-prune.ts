import { isOn, optWords, parseArgs } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, filtered, RM_SPEC } from './helpers';

export const systemPrune: CommandRule = {
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
