/**
 * Publishing: releasing packages, extensions and images to public registries, and taking
 * releases back. A published version cannot be overwritten and is mirrored and installed within
 * minutes, so publishing is judged like a destructive act. Dry runs, packing and local or test
 * registries stay quiet or low.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import { isOn, type OptionSpec, optWords, parseArgs, type ParsedArgs, productionScope, shown, valueOf } from '../../shell/cli-args';
import { CONTAINER_CLIS, containerCommand } from '../docker-args';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

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

const NPM_SPEC: OptionSpec = {
  shortWithValue: 'wC',
  withValue: ['tag', 'access', 'registry', 'otp', 'workspace', 'prefix', 'userconfig', 'globalconfig', 'cache', 'loglevel', 'auth-type', 'provenance-file', 'filter', 'dir', 'publish-branch', 'new-version', 'message', 'cwd', 'scope'],
};

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

const packagePublish: CommandRule = {
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
    return {
      severity,
      message: kind === 'test'
        ? `${pub.tool} ${pub.words[0].value} releases ${pub.what} to the test index ${pub.where}; the version number is used up there, but nothing real installs it.`
        : `${pub.tool} ${pub.words[0].value} releases ${pub.what} to ${pub.where}: the release is public at once, cannot be overwritten, and anything leaked in it cannot be taken back.`,
      span: spanFromProgram(cmd, pub.words),
      context: { scope: ['remote', ...pub.scope] },
    };
  },
};

// Retracting releases ------------------------------------------------------------------------

function retractMatch(cmd: SimpleCommand, severity: Severity, message: string, words: Word[]): RuleMatch {
  return { severity, message, span: spanFromProgram(cmd, words), context: { scope: ['remote'] } };
}

const registryRetract: CommandRule = {
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
          return retractMatch(cmd, 'high', `gh release delete removes release ${target ? shown(target.value, 40) : ''}${where} with its notes and uploaded assets${tag}; download links to it break.`, [verb, action, ...(target ? [target] : [])]);
        }
        if (action.value === 'delete-asset') {
          return retractMatch(cmd, 'medium', `gh release delete-asset removes asset ${shown(p.positionals[3]?.value ?? '', 40)} from release ${target ? shown(target.value, 40) : ''}${where}; download links to it break.`, [verb, action]);
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

// Registry metadata --------------------------------------------------------------------------

const registryMetadata: CommandRule = {
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
        ? `npm dist-tag rm removes tag ${shown(a3?.value ?? '', 30)} from ${shown(a2?.value ?? '', 50)}; installs that ask for it fail.`
        : `npm dist-tag ${action.value} points ${shown(a3?.value ?? 'latest', 30)} of ${shown(a2?.value ?? '', 50)} at that version; everyone installing that tag gets it.`;
      return { message: msg, span: spanFromProgram(cmd, [verb, action]), context: { scope: ['remote', ...productionScope(a3?.value)] } };
    }
    if ((verb.value === 'owner' || verb.value === 'author') && action && ['rm', 'remove'].includes(action.value)) {
      return { message: `npm owner rm removes ${shown(a2?.value ?? '', 40)} as an owner of ${shown(a3?.value ?? 'this package', 50)}; they can no longer publish or fix it.`, span: spanFromProgram(cmd, [verb, action]), context: { scope: ['remote'] } };
    }
    return undefined;
  },
};

// Image and chart pushes ---------------------------------------------------------------------

const imagePush: CommandRule = {
  id: 'PUB004',
  name: 'image-push',
  category: 'publishing',
  severity: 'medium',
  triggers: [
    { programs: CONTAINER_CLIS, subcommands: ['push', '--push'] },
    { programs: ['helm'], subcommands: ['push'] },
  ],
  summary: 'Catches `docker push` (and podman, nerdctl, `buildx build --push`, `manifest push`, `helm push`), which publishes an image or chart and can overwrite a tag others pull.',
  rationale: 'Registry tags are mutable: pushing `latest` or a release tag silently replaces what deployments and colleagues pull next, and a public image leaks whatever was baked into it.',
  alternative: 'Push a new, unique tag (a version or commit hash) and let the release process promote it; inspect the image (docker history) for secrets first',
  examples: {
    fire: ['docker push acme/api:latest', 'podman push registry.example.com/app:1.2', 'docker buildx build --push -t acme/api:prod .', 'docker image push acme/web', 'helm push chart-1.0.0.tgz oci://registry.example.com/charts'],
    pass: ['docker pull acme/api:latest', 'docker build -t acme/api .', 'docker buildx build --load -t acme/api .', 'docker tag api acme/api:1.2', 'helm package ./chart'],
  },
  check(cmd) {
    if (cmd.program === 'helm') {
      const p = parseArgs(cmd.args, { withValue: ['ca-file', 'cert-file', 'key-file', 'username', 'password', 'registry-config', 'kube-context', 'namespace'] });
      const [verb, chart, remote] = p.positionals;
      if (!verb || verb.value !== 'push' || !chart) return undefined;
      return { message: `helm push publishes chart ${shown(chart.value, 50)} to ${remote ? shown(remote.value, 60) : 'the registry'}, replacing that version if the registry allows it.`, span: spanFromProgram(cmd, [verb]), context: { scope: ['remote'] } };
    }
    const c = containerCommand(cmd);
    if (!c) return undefined;
    let verb: Word | undefined;
    let rest: Word[] = c.rest;
    if (c.verb.value === 'push') verb = c.verb;
    else if ((c.verb.value === 'image' || c.verb.value === 'manifest') && rest[0]?.value === 'push') {
      verb = rest[0];
      rest = rest.slice(1);
    } else if (c.verb.value === 'buildx' || c.verb.value === 'build' || c.verb.value === 'builder') {
      const p = parseArgs(rest, { shortWithValue: 'tfo', withValue: ['tag', 'file', 'output', 'platform', 'build-arg', 'target', 'cache-from', 'cache-to', 'builder', 'secret', 'ssh', 'label', 'progress', 'set', 'metadata-file', 'iidfile', 'network', 'provenance', 'sbom', 'annotation', 'attest', 'build-context', 'call'] });
      if (!isOn(p, 'push')) return undefined;
      const tags = p.opts.filter((o) => (o.name === 't' || o.name === 'tag') && o.value !== undefined).map((o) => o.value!);
      const scope = [...c.scope, ...productionScope(...tags)];
      return {
        severity: 'medium',
        message: `${c.tool} build --push publishes ${tags.length ? tags.map((t) => shown(t, 50)).join(', ') : 'the built image'} to its registry, replacing whatever those tags pointed at.`,
        span: spanFromProgram(cmd, [c.verb, ...optWords(p, 'push')]),
        context: { scope: ['remote', ...scope] },
      };
    }
    if (!verb) return undefined;
    const p = parseArgs(rest, { withValue: ['platform', 'creds', 'authfile', 'cert-dir', 'digestfile', 'format', 'compression-format', 'compression-level', 'sign-by', 'sign-passphrase-file', 'encryption-key', 'retry', 'retry-delay'] });
    const image = p.positionals[0];
    if (!image) return undefined;
    const scope = [...c.scope, ...productionScope(image.value)];
    const tagged = /:[^/]+$/.test(image.value) ? '' : ' (every local tag with all-tags, else :latest)';
    return {
      severity: 'medium',
      message: `${c.tool} push publishes ${shown(image.value, 60)}${tagged} to its registry, replacing what that tag pointed at for everyone who pulls it.`,
      span: spanFromProgram(cmd, [verb, image]),
      context: { scope: ['remote', ...scope] },
    };
  },
};

export const publishingPack: RulePack = {
  name: 'publishing',
  description: 'Releasing packages, extensions, images and charts to registries, and retracting or retagging releases.',
  rules: [packagePublish, registryRetract, registryMetadata, imagePush],
};
