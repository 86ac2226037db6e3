import { parseArgs, productionScope } from '../../shell/cli-args';
import { CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, names } from './helpers';

export const swarmServiceRemove: CommandRule = {
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
