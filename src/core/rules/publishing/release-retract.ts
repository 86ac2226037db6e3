import { kindName } from '../../plain-text';
import { isOn, optWords, parseArgs, shown, valueOf } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// Retracting releases ------------------------------------------------------------------------

function retractMatch(cmd: SimpleCommand, severity: Severity, message: string, words: Word[]): RuleMatch {
  return { severity, message, span: spanFromProgram(cmd, words), context: { scope: ['remote'] } };
}

export const releaseRetract: CommandRule = {
  id: 'PUB002',
  name: 'release-retract',
  category: 'publishing',
  severity: 'high',
  triggers: [
    { programs: ['npm', 'vsce'], subcommands: ['unpublish'] },
    { programs: ['gh'], subcommands: ['release'] },
    { programs: ['cargo', 'gem'], subcommands: ['yank'] },
    { programs: ['dotnet', 'nuget'], subcommands: ['delete'] },
  ],
  summary: 'Catches taking releases back: npm unpublish, gh release delete, vsce unpublish, gem yank, cargo yank and NuGet delete.',
  rationale: 'Everyone who depends on a release breaks when it disappears; an unpublished npm or RubyGems version can never be reused, and a deleted GitHub release takes its assets and notes with it.',
  alternative: 'npm deprecate <pkg>@<version> "<reason>" (or cargo yank, which is reversible) and publish a fixed version instead',
  examples: {
    fire: ['npm unpublish my-pkg@1.2.3', 'npm unpublish my-pkg --force', 'gh release delete v1.2.0 --yes --cleanup-tag', 'gh -R acme/app release delete v1.0.0', 'gem yank mygem -v 1.0.0', 'cargo yank --version 1.0.1 mycrate', 'vsce unpublish acme.ext'],
    pass: ['npm unpublish my-pkg@1.2.3 --dry-run', 'gh release list', 'gh release view v1.2.0', 'cargo yank --undo mycrate@1.0.1', 'npm view my-pkg versions'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, { shortWithValue: 'Rvkspw', withValue: ['repo', 'version', 'registry', 'index', 'token', 'host', 'key', 'source', 'api-key', 'otp', 'platform', 'pat', 'workspace'] });
    const [verb, action, target] = p.positionals;
    if (!verb || isOn(p, 'dry-run', 'help')) return undefined;
    switch (cmd.program) {
      case 'npm': {
        if (verb.value !== 'unpublish') return undefined;
        const whole = !action || !action.value.slice(1).includes('@');
        return retractMatch(cmd, 'high', `npm unpublish removes ${action ? shown(action.value, 50) : 'this package'}${whole ? ' (every version)' : ''} from the registry; installs of it break and the version number can never be published again.`, [verb, ...(action ? [action] : []), ...optWords(p, 'force', 'f')]);
      }
      case 'vsce':
        if (verb.value !== 'unpublish') return undefined;
        return retractMatch(cmd, 'high', `vsce unpublish removes ${action ? shown(action.value, 50) : 'this extension'} from the Marketplace with its install count, ratings and reviews.`, [verb]);
      case 'gh': {
        if (verb.value !== 'release' || !action) return undefined;
        const repo = valueOf(p, 'R', 'repo');
        const where = repo ? ` of ${shown(repo, 40)}` : '';
        if (action.value === 'delete') {
          const tag = isOn(p, 'cleanup-tag') ? ' and its git tag' : '';
          return retractMatch(cmd, 'high', `gh release delete removes ${kindName('release', target ? shown(target.value, 40) : '')}${where} with its notes and uploaded assets${tag}; download links to it break.`, [verb, action, ...(target ? [target] : [])]);
        }
        if (action.value === 'delete-asset') {
          return retractMatch(cmd, 'medium', `gh release delete-asset removes ${kindName('asset', shown(p.positionals[3]?.value ?? '', 40))} from ${kindName('release', target ? shown(target.value, 40) : '')}${where}; download links to it break.`, [verb, action]);
        }
        return undefined;
      }
      case 'cargo': {
        if (verb.value !== 'yank' || isOn(p, 'undo')) return undefined;
        const ver = valueOf(p, 'version');
        return retractMatch(cmd, 'medium', `cargo yank marks ${action ? shown(action.value, 40) : 'the crate'}${ver ? ` ${shown(ver)}` : ''} as yanked: new lockfiles can no longer resolve it (reversible with --undo).`, [verb]);
      }
      case 'gem': {
        if (verb.value !== 'yank') return undefined;
        const ver = valueOf(p, 'v', 'version');
        return retractMatch(cmd, 'high', `gem yank deletes ${action ? shown(action.value, 40) : 'the gem'}${ver ? ` ${shown(ver)}` : ''} from rubygems.org; the version number can never be pushed again.`, [verb, ...(action ? [action] : [])]);
      }
      case 'dotnet':
      case 'nuget': {
        const words = cmd.program === 'dotnet' ? p.positionals.slice(1) : p.positionals;
        if (cmd.program === 'dotnet' && verb.value !== 'nuget') return undefined;
        if (words[0]?.value !== 'delete') return undefined;
        return retractMatch(cmd, 'high', `${cmd.program === 'dotnet' ? 'dotnet nuget' : 'nuget'} delete removes or unlists ${words.slice(1, 3).map((w) => shown(w.value, 40)).join(' ') || 'the package'} from the feed.`, words.slice(0, 1));
      }
      default:
        return undefined;
    }
  },
};
