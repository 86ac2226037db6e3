import { kindName } from '../../plain-text';
import { isOn, parseArgs, productionScope, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { NPM_SPEC } from './helpers';

// Registry metadata --------------------------------------------------------------------------

export const registryMetadataChange: CommandRule = {
  id: 'PUB003',
  name: 'registry-metadata-change',
  category: 'publishing',
  severity: 'medium',
  triggers: [{ programs: ['npm'], subcommands: ['deprecate', 'dist-tag', 'dist-tags', 'owner', 'author'] }],
  summary: 'Catches `npm deprecate`, `npm dist-tag add|rm` and `npm owner rm`, which change what every user of a package sees or installs.',
  rationale: 'A deprecation warns every installer, moving `latest` changes what a plain `npm install` gets for everyone, and removing an owner can lock people out of their own package.',
  alternative: 'Ask the package owner; check the current state with npm view <pkg> dist-tags / npm owner ls first',
  examples: {
    fire: ['npm deprecate my-pkg@"<2" "use v2"', 'npm dist-tag add my-pkg@1.0.0 latest', 'npm dist-tag rm my-pkg beta', 'npm owner rm alice my-pkg'],
    pass: ['npm dist-tag ls my-pkg', 'npm owner ls my-pkg', 'npm deprecate my-pkg@1.0.0 ""', 'npm view my-pkg'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, NPM_SPEC);
    const [verb, action, a2, a3] = p.positionals;
    if (!verb || isOn(p, 'dry-run')) return undefined;
    if (verb.value === 'deprecate') {
      if (!action || (a2 && a2.value === '')) return undefined;
      return { message: `npm deprecate marks ${shown(action.value, 50)} deprecated: every install of it prints "${shown(a2?.value ?? '', 60)}".`, span: spanFromProgram(cmd, [verb, action]), context: { scope: ['remote'] } };
    }
    if ((verb.value === 'dist-tag' || verb.value === 'dist-tags') && action && ['add', 'rm', 'set'].includes(action.value)) {
      const msg = action.value === 'rm'
        ? `npm dist-tag rm removes ${kindName('tag', shown(a3?.value ?? '', 30))} from ${shown(a2?.value ?? '', 50)}; installs that ask for it fail.`
        : `npm dist-tag ${action.value} points ${shown(a3?.value ?? 'latest', 30)} of ${shown(a2?.value ?? '', 50)} at that version; everyone installing that tag gets it.`;
      return { message: msg, span: spanFromProgram(cmd, [verb, action]), context: { scope: ['remote', ...productionScope(a3?.value)] } };
    }
    if ((verb.value === 'owner' || verb.value === 'author') && action && ['rm', 'remove'].includes(action.value)) {
      return { message: `npm owner rm removes ${shown(a2?.value ?? '', 40)} as an owner of ${shown(a3?.value ?? 'this package', 50)}; they can no longer publish or fix it.`, span: spanFromProgram(cmd, [verb, action]), context: { scope: ['remote'] } };
    }
    return undefined;
  },
};
