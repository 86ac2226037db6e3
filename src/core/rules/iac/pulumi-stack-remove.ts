import { kindName } from '../../plain-text';
import { isOn, optWords, productionScope, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { pulumiCommand } from './helpers';

export const pulumiStackRemove: CommandRule = {
  id: 'IAC009',
  name: 'pulumi-stack-remove',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: ['pulumi'], subcommands: ['stack', 'state'] }],
  summary: 'Catches `pulumi stack rm` and `pulumi state delete`, which delete a stack\'s state and history (with `--force` while it still owns resources).',
  rationale: 'The stack holds the only record of which resources Pulumi manages. Removing it with `--force` leaves live resources running with nothing to update or destroy them.',
  alternative: 'pulumi destroy first (so the stack is empty), then pulumi stack rm without --force; pulumi stack export > backup.json before any state surgery',
  examples: {
    fire: ['pulumi stack rm dev --yes', 'pulumi stack rm --force prod', 'pulumi state delete "urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs"'],
    pass: ['pulumi stack ls', 'pulumi stack select dev', 'pulumi stack export --file backup.json', 'pulumi state unprotect urn:x'],
  },
  check(cmd) {
    const c = pulumiCommand(cmd);
    if (!c || isOn(c.p, 'help', 'h')) return undefined;
    const action = c.rest[0];
    if (!action) return undefined;
    if (c.verb.value === 'stack' && (action.value === 'rm' || action.value === 'remove')) {
      const name = c.rest[1]?.value;
      const stack = name ? `${kindName('stack', shown(name))}` : c.stack;
      const scope = [...c.scope, ...productionScope(name)];
      const force = isOn(c.p, 'f', 'force');
      // The backend's update history exists nowhere else, even when the stack is empty.
      return {
        severity: scope.includes('production') ? 'critical' : 'high',
        message: force
          ? `pulumi stack rm --force deletes ${stack} with its state and update history even though it may still own resources, which are then left running unmanaged.`
          : `pulumi stack rm deletes ${stack} with its update history, its configuration file and its secrets configuration.`,
        span: spanFromProgram(cmd, [c.verb, action, ...optWords(c.p, 'f', 'force')]),
        context: { scope },
      };
    }
    if (c.verb.value === 'state' && action.value === 'delete') {
      const urn = c.rest[1];
      return {
        severity: c.scope.includes('production') ? 'high' : 'medium',
        message: `pulumi state delete removes ${urn ? shown(urn.value, 80) : 'a resource'} from ${c.stack}; the real resource keeps running unmanaged.`,
        span: spanFromProgram(cmd, [c.verb, action]),
        context: { scope: c.scope },
      };
    }
    return undefined;
  },
};
