import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { looksProduction, optionValue, optionWords, parseArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import { cloudCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// A service, node pool or instance group scaled to zero

const ZERO = /^0+$/;

interface Scaled {
  /** What is scaled to zero, for the message: `the ECS service api`. */
  what: string;
  words: Word[];
  names: (string | undefined)[];
}

function awsGcloudAz(cmd: SimpleCommand): Scaled | undefined {
  const c = cloudCall(cmd);
  if (!c || c.inert) return undefined;
  const v = (...names: string[]): string | undefined => optionValue(c.args, ...names);
  const at = (path: string): boolean => matchPath(c, path.split(' ')) !== -1;
  const ws = (...names: string[]): Word[] => [...c.positionals.slice(0, 3), ...optionWords(c.args, ...names)];
  if (c.tool === 'aws') {
    if (at('ecs update-service') && ZERO.test(v('desired-count') ?? '')) return { what: `the ${kindName('ECS service', shown(v('service')))}`, words: ws('desired-count'), names: [v('service'), v('cluster')] };
    if (at('autoscaling set-desired-capacity') && ZERO.test(v('desired-capacity') ?? '')) return { what: `the ${kindName('Auto Scaling group', shown(v('auto-scaling-group-name')))}`, words: ws('desired-capacity'), names: [v('auto-scaling-group-name')] };
    if (at('autoscaling update-auto-scaling-group') && (ZERO.test(v('desired-capacity') ?? '') || ZERO.test(v('max-size') ?? ''))) {
      return { what: `the ${kindName('Auto Scaling group', shown(v('auto-scaling-group-name')))}`, words: ws('desired-capacity', 'max-size'), names: [v('auto-scaling-group-name')] };
    }
    if (at('eks update-nodegroup-config') && /desiredSize["']?\s*[=:]\s*0\b/.test(v('scaling-config') ?? '')) return { what: `the ${kindName('EKS node group', shown(v('nodegroup-name')))}`, words: ws('scaling-config'), names: [v('nodegroup-name'), v('cluster-name')] };
    if (at('application-autoscaling register-scalable-target') && ZERO.test(v('max-capacity') ?? '')) return { what: `the ${kindName('scalable target', shown(v('resource-id')))}`, words: ws('max-capacity'), names: [v('resource-id')] };
    if (at('apprunner pause-service')) return { what: `the ${kindName('App Runner service', shown(v('service-arn')))}`, words: ws('service-arn'), names: [v('service-arn')] };
    return undefined;
  }
  if (c.tool === 'gcloud') {
    // gcloud reads `--size 0` and `--size=0` alike; its generic reading does not know these options.
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: new Set(['quiet', 'q', 'async', 'help']) });
    const g = (name: string): string | undefined => optionValue(p, name);
    const pos = p.positionals.filter((w) => !['alpha', 'beta'].includes(w.value));
    const path = pos.map((w) => w.value).join(' ');
    if (path.startsWith('compute instance-groups managed resize ') && ZERO.test(g('size') ?? '')) return { what: `the ${kindName('managed instance group', shown(pos[4]?.value))}`, words: [...pos.slice(0, 5), ...optionWords(p, 'size')], names: [pos[4]?.value, g('project')] };
    if (path.startsWith('container clusters resize ') && ZERO.test(g('num-nodes') ?? '')) {
      const pool = g('node-pool');
      return { what: `the ${kindName('GKE cluster', shown(pos[3]?.value))}${pool ? ` (node ${kindName('pool', shown(pool))})` : ''}`, words: [...pos.slice(0, 4), ...optionWords(p, 'num-nodes')], names: [pos[3]?.value, pool, g('project')] };
    }
    return undefined;
  }
  const n = v('name', 'n');
  if ((at('aks scale') || at('aks nodepool scale')) && ZERO.test(v('node-count', 'c') ?? '')) return { what: `the ${kindName(`AKS ${at('aks nodepool scale') ? 'node pool' : 'cluster'}`, shown(n))}`, words: ws('node-count', 'c'), names: [n, v('cluster-name')] };
  if (at('vmss scale') && ZERO.test(v('new-capacity') ?? '')) return { what: `the ${kindName('VM scale set', shown(n))}`, words: ws('new-capacity'), names: [n] };
  if (at('appservice plan update') && ZERO.test(v('number-of-workers') ?? '')) return { what: `the ${kindName('App Service plan', shown(n))}`, words: ws('number-of-workers'), names: [n] };
  if ((at('containerapp update') || at('containerapp revision copy')) && ZERO.test(v('max-replicas') ?? '')) return { what: `the ${kindName('container app', shown(n))}`, words: ws('max-replicas'), names: [n] };
  return undefined;
}

/** Platform CLIs: `heroku ps:scale web=0`, `fly scale count 0`, `doctl … node-pool update --count 0`, `docker service scale web=0`, `nomad job scale web 0`. */
function platform(cmd: SimpleCommand): Scaled | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'artA', bool: new Set(['yes', 'y', 'detach', 'd', 'check-index', 'verbose']) });
  const pos = p.positionals;
  if (cmd.program === 'heroku') {
    const sub = pos[0];
    if (sub?.value !== 'ps:scale' && sub?.value !== 'scale' && sub?.value !== 'ps:resize') return undefined;
    const zero = pos.slice(1).filter((w) => /^[\w-]+=0+(:|$)/.test(w.value));
    if (!zero.length) return undefined;
    const app = optionValue(p, 'app', 'a');
    return { what: `the ${zero.map((w) => w.value.split('=')[0]).join(', ')} dynos of ${app ? `Heroku ${kindName('app', shown(app))}` : 'the Heroku app'}`, words: [sub, ...zero], names: [app] };
  }
  if (cmd.program === 'fly' || cmd.program === 'flyctl') {
    if (pos[0]?.value !== 'scale' || pos[1]?.value !== 'count') return undefined;
    const zero = pos.slice(2).find((w) => ZERO.test(w.value) || /^[\w-]+=0+$/.test(w.value));
    if (!zero) return undefined;
    const app = optionValue(p, 'app', 'a');
    return { what: `the machines of ${app ? `Fly.io ${kindName('app', shown(app))}` : 'the Fly.io app'}`, words: [pos[0], pos[1], zero], names: [app] };
  }
  if (cmd.program === 'doctl') {
    const at = pos.findIndex((w) => w.value === 'node-pool');
    if (at === -1 || pos[at + 1]?.value !== 'update' || !ZERO.test(optionValue(p, 'count') ?? '')) return undefined;
    return { what: `the ${kindName('DigitalOcean node pool', shown(pos[at + 3]?.value))}`, words: [pos[at], pos[at + 1], ...optionWords(p, 'count')], names: [pos[at + 2]?.value, pos[at + 3]?.value] };
  }
  if (cmd.program === 'docker' || cmd.program === 'podman') {
    if (pos[0]?.value !== 'service' || pos[1]?.value !== 'scale') return undefined;
    const zero = pos.slice(2).filter((w) => /^[\w.-]+=0+$/.test(w.value));
    if (!zero.length) return undefined;
    return { what: `the ${kindName('Swarm service', zero.map((w) => shown(w.value.split('=')[0])).join(', '))}`, words: [pos[0], pos[1], ...zero], names: zero.map((w) => w.value) };
  }
  if (cmd.program === 'nomad') {
    if (pos[0]?.value !== 'job' || pos[1]?.value !== 'scale') return undefined;
    const count = pos[pos.length - 1];
    if (pos.length < 4 || !ZERO.test(count.value)) return undefined;
    return { what: `the ${kindName('Nomad job', shown(pos[2].value))}`, words: [pos[0], pos[1], pos[2], count], names: [pos[2].value] };
  }
  return undefined;
}

export const cloudScaleToZero: CommandRule = {
  id: 'CLD013',
  name: 'cloud-scale-to-zero',
  category: 'cloud',
  severity: 'high',
  triggers: [
    { programs: ['aws'], subcommands: ['update-service', 'set-desired-capacity', 'update-auto-scaling-group', 'update-nodegroup-config', 'register-scalable-target', 'pause-service'] },
    { programs: ['gcloud'], subcommands: ['resize'] },
    { programs: ['az'], subcommands: ['scale', 'update', 'copy'] },
    { programs: ['heroku'], subcommands: ['ps:scale', 'scale', 'ps:resize'] },
    { programs: ['fly', 'flyctl'], subcommands: ['count'] },
    { programs: ['doctl'], subcommands: ['node-pool'] },
    { programs: ['docker', 'podman'], subcommands: ['scale'] },
    { programs: ['nomad'], subcommands: ['scale'] },
  ],
  summary: 'Scales a cloud service, node pool, instance group or app to zero (ECS desired count 0, Auto Scaling group to 0, AKS/GKE node pools to 0, `heroku ps:scale web=0`, `fly scale count 0`).',
  rationale: 'Nothing is deleted, but everything the service runs stops at once: it is an outage until someone scales it back, and the previous size is easy to forget.',
  alternative: 'Scale down in steps and note the current size first; to take a service offline on purpose, use a maintenance page or the deployment pipeline.',
  examples: {
    fire: [
      'aws ecs update-service --cluster prod --service api --desired-count 0',
      'aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 0',
      'gcloud container clusters resize main --node-pool default-pool --num-nodes 0',
      'az aks nodepool scale -g rg --cluster-name aks1 -n np1 --node-count 0',
      'heroku ps:scale web=0 -a shop',
      'fly scale count 0',
    ],
    pass: [
      'aws ecs update-service --cluster prod --service api --desired-count 3',
      'aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 0 --max-size 4',
      'gcloud container clusters resize main --num-nodes 3',
      'heroku ps:scale web=2',
      'fly scale count 2',
      'az aks scale -g rg -n aks1 --node-count 3',
    ],
  },
  check(cmd): RuleMatch | undefined {
    const s = cmd.program === 'aws' || cmd.program === 'gcloud' || cmd.program === 'az' ? awsGcloudAz(cmd) : platform(cmd);
    if (!s) return undefined;
    const prod = looksProduction(...s.names, ...targetAssignments(cmd));
    return {
      severity: prod ? raised('medium') : 'medium',
      message: `scales ${s.what} to zero: everything it serves stops until it is scaled back${prod ? '; it looks like production' : ''}.`,
      span: spanFromProgram(cmd, s.words),
      context: productionContext(prod),
    };
  },
};
