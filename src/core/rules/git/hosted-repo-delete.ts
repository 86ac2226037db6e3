import { kindName } from '../../plain-text';
import { isOn, type OptionSpec, optWords, parseArgs, shown, valueOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { namedBranch, protectedTarget } from './helpers';

// gh repo delete / glab repo delete / gh api -X DELETE repos/OWNER/REPO ------------------------

/** gh and glab: the options that take a value, so the subcommand and repository are found. */
const HOSTED_SPEC: OptionSpec = { shortWithValue: 'RXHFfpqtj', withValue: ['repo', 'hostname', 'method', 'field', 'raw-field', 'header', 'input', 'jq', 'template', 'cache', 'preview', 'group'] };

const HOSTS: Readonly<Record<string, { site: string; extras: string }>> = {
  gh: { site: 'GitHub', extras: 'issues, pull requests, wiki, releases, Actions history and stars' },
  glab: { site: 'GitLab', extras: 'issues, merge requests, wiki, releases, CI history and container registry' },
};

export const hostedRepoDelete: CommandRule = {
  id: 'GIT013',
  name: 'hosted-repo-delete',
  category: 'git',
  severity: 'critical',
  triggers: [{ programs: ['gh', 'glab'], subcommands: ['repo', 'api'] }],
  summary: 'Catches deleting a hosted repository: `gh repo delete`, `glab repo delete`, and the same through the API (`gh api -X DELETE repos/OWNER/REPO`), plus deleting a branch through the API.',
  rationale:
    'A deleted GitHub or GitLab repository takes its issues, pull or merge requests, wiki, releases and CI history with it; clones keep only the code. The CLIs ask for confirmation in a terminal, which an agent answers with `--yes`.',
  alternative: 'Archive the repository instead (gh repo archive OWNER/REPO, glab repo archive), or ask a human to delete it from the web UI after exporting what must be kept.',
  examples: {
    fire: ['gh repo delete acme/app --yes', 'gh repo delete', 'glab repo delete acme/app -y', 'gh -R acme/app repo delete --yes', 'gh api -X DELETE repos/acme/app', 'gh api --method=DELETE /repos/acme/app', 'gh api -X DELETE repos/acme/app/git/refs/heads/main', 'glab api -X DELETE projects/acme%2Fapp/repository/branches/main', 'glab api -X DELETE projects/42'],
    pass: ['gh repo view acme/app', 'gh repo clone acme/app', 'gh repo archive acme/app --yes', 'gh api repos/acme/app', 'gh api -X GET repos/acme/app', 'gh api -X DELETE repos/acme/app/issues/comments/1', 'glab repo list', 'gh pr list --repo acme/app'],
  },
  check(cmd, env) {
    const host = HOSTS[cmd.program];
    if (!host) return undefined;
    const p = parseArgs(cmd.args, HOSTED_SPEC);
    const [verb, action, target] = p.positionals;
    if (!verb || isOn(p, 'help')) return undefined;
    const context = { scope: ['remote' as const] };
    if (verb.value === 'repo' && action?.value === 'delete') {
      const repo = target?.value ?? valueOf(p, 'R', 'repo');
      const what = repo ? `the ${host.site} ${kindName('repository', shown(repo, 60))}` : `this directory's ${host.site} repository`;
      return { message: `${cmd.program} repo delete deletes ${what} with its ${host.extras}; clones keep only the code.`, span: spanFromProgram(cmd, [verb, action, ...(target ? [target] : []), ...optWords(p, 'yes', 'y')]), context };
    }
    if (verb.value !== 'api' || !action || (valueOf(p, 'X', 'method') ?? '').toUpperCase() !== 'DELETE') return undefined;
    const endpoint = action.value.replace(/^\/+/, '').replace(/\/+$/, '');
    const span = spanFromProgram(cmd, [verb, action, ...optWords(p, 'X', 'method')]);
    const repo = /^repos\/([^/]+\/[^/]+)$/.exec(endpoint) ?? (cmd.program === 'glab' ? /^projects\/([^/]+)$/.exec(endpoint) : null);
    if (repo) return { message: `${cmd.program} api DELETE ${shown(endpoint, 60)} deletes the ${host.site} ${kindName('repository', shown(repo[1], 60))} with its ${host.extras}; clones keep only the code.`, span, context };
    const branch = /^repos\/[^/]+\/[^/]+\/git\/refs\/heads\/(.+)$/.exec(endpoint) ?? /^projects\/[^/]+\/repository\/branches\/(.+)$/.exec(endpoint);
    if (!branch) return undefined;
    // As `git push --delete`: a default or release branch is high, a feature branch medium.
    let name = branch[1];
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not URL-encoded after all: the name as written.
    }
    const t = namedBranch(name, env.ctx);
    return {
      severity: protectedTarget(t) ? 'high' : 'medium',
      message: `${cmd.program} api DELETE deletes the ${kindName('branch', t.label)} on ${host.site}; commits only reachable from it are lost for everyone.`,
      span,
      context: { branch: t.branch, scope: ['remote', ...t.scope] },
    };
  },
};
