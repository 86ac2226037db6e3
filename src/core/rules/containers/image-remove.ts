import { isOn, optWords, parseArgs } from '../../shell/cli-args';
import { CONTAINER_CLIS } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { actionOf, filtered, names, RM_SPEC } from './helpers';

export const imageRemove: CommandRule = {
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
