import { kindName } from '../../plain-text';
import { isOn, optWords, parseArgs, productionScope, shown } from '../../shell/cli-args';
import type { Word } from '../../shell/model';
import { CONTAINER_CLIS, containerCommand } from '../docker-args';
import { type CommandRule, spanFromProgram } from '../rule';

// Image and chart pushes ---------------------------------------------------------------------

export const imagePush: CommandRule = {
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
      return { message: `helm push publishes ${kindName('chart', shown(chart.value, 50))} to ${remote ? shown(remote.value, 60) : 'the registry'}, replacing that version if the registry allows it.`, span: spanFromProgram(cmd, [verb]), context: { scope: ['remote'] } };
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
