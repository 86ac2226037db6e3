import { isOn, type OptionSpec, optWords, parseArgs, shown } from '../../shell/cli-args';
import { COMPOSE_CLIS, composeCommand, CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';

const COMPOSE_DOWN_SPEC: OptionSpec = { shortWithValue: 't', withValue: ['rmi', 'timeout'] };

export const composeDownVolumes: CommandRule = {
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
