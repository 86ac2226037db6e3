import { isOn, type OptionSpec, optWords, parseArgs, type ParsedArgs, productionScope, shown, valueOf } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { NPM_SPEC } from './helpers';

const PYTHONS = ['python', 'python3', 'py', 'pypy3', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'];

function envValue(cmd: SimpleCommand, name: string): string | undefined {
  const lower = name.toLowerCase();
  return cmd.assignments.find((x) => x.name === name || x.name.toLowerCase() === lower)?.value.value;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && !['', '0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

/** A registry on this machine (verdaccio, a test server) or a documented test index. */
function registryKind(url: string | undefined): 'local' | 'test' | undefined {
  if (!url) return undefined;
  const u = url.toLowerCase();
  if (/^(https?:\/\/)?(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])([:/]|$)/.test(u) || u.includes('verdaccio') || u.startsWith('file:') || u.startsWith('/') || u.startsWith('./')) return 'local';
  if (u.includes('test.pypi.org') || u === 'testpypi' || u.includes('testpypi')) return 'test';
  return undefined;
}

interface Publish {
  tool: string;
  /** The words to underline: the verb and its risky flags. */
  words: Word[];
  /** What goes out, for the message. */
  what: string;
  where: string;
  registry?: string;
  dryRun: boolean;
  scope: ScopeClass[];
}

function npmLike(cmd: SimpleCommand): Publish | undefined {
  const p = parseArgs(cmd.args, NPM_SPEC);
  const pos = p.positionals;
  let at = -1;
  let tool = cmd.program;
  if ((pos[0]?.value === 'changeset' || pos[0]?.value === 'lerna') && pos[1]?.value === 'publish') {
    // `pnpm changeset publish`, `yarn lerna publish`: the package manager runs a release tool.
    at = 1;
    tool = `${cmd.program} ${pos[0].value}`;
  } else if (cmd.program === 'yarn') {
    if (pos[0]?.value === 'publish') at = 0;
    else if (pos[0]?.value === 'workspace' && pos[2]?.value === 'publish') at = 2;
    else {
      const npm = pos.findIndex((w, i) => w.value === 'npm' && pos[i + 1]?.value === 'publish');
      if (npm !== -1 && pos[0]?.value !== 'run') at = npm + 1;
    }
  } else if (pos[0]?.value === 'publish') at = 0;
  if (at === -1) return undefined;
  const target = pos[at + 1];
  const registry = valueOf(p, 'registry') ?? envValue(cmd, 'npm_config_registry');
  const recursive = isOn(p, 'r', 'recursive') || tool !== cmd.program || (cmd.program === 'yarn' && pos.some((w) => w.value === 'foreach'));
  const what = recursive ? 'every workspace package' : target ? shown(target.value, 50) : 'this package';
  return {
    tool: tool !== cmd.program ? tool : cmd.program === 'yarn' && at > 0 ? 'yarn npm' : cmd.program,
    words: [pos[at], ...optWords(p, 'tag')],
    what,
    where: registry ? shown(registry, 60) : 'the public npm registry',
    registry,
    dryRun: isOn(p, 'dry-run') || truthy(envValue(cmd, 'npm_config_dry_run')),
    scope: productionScope(valueOf(p, 'tag')),
  };
}

function verbAt(p: ParsedArgs, verb: string): Word | undefined {
  const w = p.positionals[0];
  return w && w.value === verb ? w : undefined;
}

function cargoPublish(cmd: SimpleCommand): Publish | undefined {
  const p = parseArgs(cmd.args.filter((w) => !w.value.startsWith('+')), { shortWithValue: 'ZCpjF', withValue: ['config', 'registry', 'index', 'token', 'package', 'manifest-path', 'target', 'target-dir', 'features', 'jobs', 'color', 'lockfile-path', 'exclude'] });
  const verb = verbAt(p, 'publish');
  if (!verb) return undefined;
  const pkg = valueOf(p, 'p', 'package');
  const registry = valueOf(p, 'registry', 'index');
  return {
    tool: 'cargo',
    words: [verb],
    what: isOn(p, 'workspace') ? 'every workspace crate' : pkg ? `crate ${shown(pkg)}` : 'this crate',
    where: registry ? `registry ${shown(registry)}` : 'crates.io',
    registry,
    dryRun: isOn(p, 'n', 'dry-run'),
    scope: [],
  };
}

const TWINE_SPEC: OptionSpec = { shortWithValue: 'rupicsI', withValue: ['repository', 'repository-url', 'username', 'password', 'identity', 'comment', 'sign-with', 'config-file', 'cert', 'client-cert', 'attestations'] };

function twineUpload(cmd: SimpleCommand): Publish | undefined {
  let args = cmd.args;
  if (PYTHONS.includes(cmd.program)) {
    const m = args.findIndex((w, i) => (w.value === '-m' && args[i + 1]?.value === 'twine') || w.value === '-mtwine');
    if (m === -1) return undefined;
    args = args.slice(m + (args[m].value === '-m' ? 2 : 1));
  }
  const p = parseArgs(args, TWINE_SPEC);
  const verb = verbAt(p, 'upload');
  if (!verb) return undefined;
  const registry = valueOf(p, 'repository-url') ?? valueOf(p, 'r', 'repository') ?? envValue(cmd, 'TWINE_REPOSITORY_URL') ?? envValue(cmd, 'TWINE_REPOSITORY');
  const files = p.positionals.slice(1);
  return {
    tool: 'twine',
    words: [verb],
    what: files.length ? files.slice(0, 3).map((f) => shown(f.value, 40)).join(', ') : 'the distributions',
    where: registry ? shown(registry, 60) : 'PyPI',
    registry,
    dryRun: false,
    scope: [],
  };
}

function simplePublish(cmd: SimpleCommand): Publish | undefined {
  const tool = cmd.program;
  const spec: OptionSpec = { shortWithValue: 'rCPupatke', withValue: ['repository', 'repo', 'registry', 'directory', 'project', 'username', 'password', 'publish-url', 'index', 'token', 'host', 'key', 'pat', 'packagePath', 'target', 'user', 'auth', 'ca-cert', 'client-cert', 'cert', 'trusted-publishing', 'check-url', 'keyring-provider', 'baseContentUrl', 'baseImagesUrl', 'registryUrl'] };
  const p = parseArgs(cmd.args, spec);
  const verbName = tool === 'gem' ? 'push' : 'publish';
  const verb = verbAt(p, verbName);
  if (!verb) return undefined;
  const registry = valueOf(p, 'r', 'repository', 'repo', 'publish-url', 'index', 'host', 'registryUrl') ?? envValue(cmd, 'UV_PUBLISH_URL') ?? envValue(cmd, 'POETRY_REPOSITORIES');
  const where: Record<string, string> = { gem: 'rubygems.org', vsce: 'the VS Code Marketplace', ovsx: 'Open VSX', poetry: 'PyPI', flit: 'PyPI', hatch: 'PyPI', pdm: 'PyPI', uv: 'PyPI' };
  const target = p.positionals[1];
  return {
    tool,
    words: [verb],
    what: target ? shown(target.value, 50) : tool === 'vsce' || tool === 'ovsx' ? 'this extension' : 'this package',
    where: registry ? shown(registry, 60) : where[tool] ?? 'the public registry',
    registry,
    dryRun: isOn(p, 'dry-run'),
    scope: [],
  };
}

function nugetPush(cmd: SimpleCommand): Publish | undefined {
  let args = cmd.args;
  if (cmd.program === 'dotnet') {
    if (args[0]?.value !== 'nuget') return undefined;
    args = args.slice(1);
  }
  const p = parseArgs(args, { shortWithValue: 'skt', withValue: ['source', 'api-key', 'symbol-source', 'symbol-api-key', 'timeout', 'Source', 'ApiKey'] });
  const verb = verbAt(p, 'push');
  if (!verb) return undefined;
  const source = valueOf(p, 's', 'source', 'Source');
  const pkg = p.positionals[1];
  return {
    tool: cmd.program === 'dotnet' ? 'dotnet nuget' : 'nuget',
    words: [verb],
    what: pkg ? shown(pkg.value, 50) : 'the package',
    where: source ? shown(source, 60) : 'the configured NuGet source',
    registry: source,
    dryRun: false,
    scope: [],
  };
}

/** Monorepo release tools: `lerna publish`, `changeset publish`, `semantic-release`. */
function releaseTool(cmd: SimpleCommand): Publish | undefined {
  const p = parseArgs(cmd.args, { withValue: ['registry', 'dist-tag', 'preid', 'otp', 'branches', 'repository-url', 'tag-format', 'plugins', 'extends', 'tag', 'loglevel', 'concurrency'] });
  if (cmd.program === 'semantic-release') {
    return { tool: cmd.program, words: [cmd.programWord], what: 'the next version it computes', where: 'every configured registry (and a git tag and release)', registry: valueOf(p, 'registry'), dryRun: isOn(p, 'd', 'dry-run'), scope: [] };
  }
  const verb = verbAt(p, 'publish');
  if (!verb) return undefined;
  return { tool: cmd.program, words: [verb], what: 'every changed workspace package', where: valueOf(p, 'registry') ?? 'the npm registry', registry: valueOf(p, 'registry'), dryRun: isOn(p, 'dry-run'), scope: [] };
}

function publishOf(cmd: SimpleCommand): Publish | undefined {
  switch (cmd.program) {
    case 'lerna':
    case 'changeset':
    case 'semantic-release':
      return releaseTool(cmd);
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return npmLike(cmd);
    case 'cargo':
      return cargoPublish(cmd);
    case 'twine':
      return twineUpload(cmd);
    case 'gem':
    case 'poetry':
    case 'flit':
    case 'hatch':
    case 'pdm':
    case 'uv':
    case 'vsce':
    case 'ovsx':
      return simplePublish(cmd);
    case 'dotnet':
    case 'nuget':
      return nugetPush(cmd);
    default:
      return PYTHONS.includes(cmd.program) ? twineUpload(cmd) : undefined;
  }
}

export const packagePublish: CommandRule = {
  id: 'PUB001',
  name: 'package-publish',
  category: 'publishing',
  severity: 'high',
  triggers: [
    { programs: ['npm', 'pnpm', 'yarn', 'bun', 'cargo', 'poetry', 'flit', 'hatch', 'pdm', 'uv', 'vsce', 'ovsx'], subcommands: ['publish'] },
    { programs: ['twine'], subcommands: ['upload'] },
    { programs: PYTHONS, subcommands: ['twine', '-mtwine'] },
    { programs: ['gem', 'dotnet', 'nuget'], subcommands: ['push'] },
    { programs: ['lerna', 'changeset'], subcommands: ['publish'] },
    { programs: ['semantic-release'] },
  ],
  summary: 'Catches publishing to a public registry: npm/pnpm/yarn/bun publish, lerna/changeset publish, semantic-release, cargo publish, twine upload, poetry/flit/hatch/pdm/uv publish, gem push, vsce/ovsx publish and NuGet push.',
  rationale: 'A published version is public and permanent: it is mirrored and installed within minutes, its number can never be reused, and leaked files (secrets, private source) cannot be taken back. An agent should never release on its own.',
  alternative: 'npm publish --dry-run (cargo publish --dry-run, npm pack) to see exactly what would ship, then let a human run the release',
  examples: {
    fire: ['npm publish', 'npm publish --access public --tag next', 'pnpm -r publish', 'yarn npm publish', 'cargo publish', 'twine upload dist/*', 'python3 -m twine upload dist/*', 'gem push mygem-1.0.0.gem', 'poetry publish --build', 'vsce publish minor', 'dotnet nuget push bin/Release/App.1.0.0.nupkg -k $KEY -s https://api.nuget.org/v3/index.json', 'uv publish', 'pnpm changeset publish', 'npx lerna publish from-package --yes', 'npx semantic-release'],
    pass: ['npm publish --dry-run', 'npx semantic-release --dry-run', 'changeset version', 'npm pack', 'cargo publish --dry-run', 'cargo publish -n', 'twine check dist/*', 'pnpm publish --dry-run', 'yarn run publish', 'poetry publish --dry-run', 'vsce package', 'npm publish --registry http://localhost:4873'],
  },
  check(cmd) {
    const pub = publishOf(cmd);
    if (!pub || pub.dryRun) return undefined;
    const kind = registryKind(pub.registry);
    if (kind === 'local') return undefined;
    const severity: Severity = kind === 'test' ? 'low' : 'high';
    // `semantic-release` is its own verb: its first word is the program, not a subcommand.
    const label = pub.words[0] === cmd.programWord ? pub.tool : `${pub.tool} ${pub.words[0].value}`;
    return {
      severity,
      message: kind === 'test'
        ? `${label} releases ${pub.what} to the test index ${pub.where}; the version number is used up there, but nothing real installs it.`
        : `${label} releases ${pub.what} to ${pub.where}: the release is public at once, cannot be overwritten, and anything leaked in it cannot be taken back.`,
      span: spanFromProgram(cmd, pub.words),
      context: { scope: ['remote', ...pub.scope] },
    };
  },
};
