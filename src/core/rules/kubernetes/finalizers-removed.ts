import { kindName } from '../../plain-text';
import { shown, valueOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { bump, kubeCommand, KUBECTL } from './helpers';

/** A merge or strategic patch that empties finalizers, or a JSON patch that removes or replaces them. */
const CLEARS = /"?finalizers"?\s*:\s*(null|\[\s*\])|"path"\s*:\s*"\/metadata\/finalizers(\/\d+)?"/;
const JSON_OP = /"op"\s*:\s*"(remove|replace)"/;

export const finalizersRemoved: CommandRule = {
  id: 'KUBE016',
  name: 'finalizers-removed',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['patch', 'replace'] }],
  summary: 'Catches `kubectl patch` that removes an object\'s finalizers (`{"metadata":{"finalizers":null}}`, a JSON patch removing /metadata/finalizers) and `kubectl replace --raw …/finalize`, which force an object stuck in deletion to go.',
  rationale: 'Finalizers are how controllers clean up what an object owns (a volume\'s disk, a load balancer, a namespace\'s contents) before it goes; removing them deletes the object at once and leaves that cleanup undone: orphaned cloud resources, or a volume claim released while a pod still writes to it.',
  alternative: 'Find out why the finalizer is stuck (`kubectl get <obj> -o yaml`, the owning controller\'s logs) and let the controller finish; remove a finalizer only for a controller that no longer exists.',
  examples: {
    fire: ['kubectl patch pvc data -p \'{"metadata":{"finalizers":null}}\'', 'kubectl patch ns stuck -p \'{"metadata":{"finalizers":[]}}\' --type=merge', 'kubectl patch pod web-0 --type json -p \'[{"op":"remove","path":"/metadata/finalizers"}]\'', 'kubectl replace --raw "/api/v1/namespaces/stuck/finalize" -f ns.json'],
    pass: ['kubectl patch deploy web -p \'{"spec":{"replicas":3}}\'', 'kubectl get pvc data -o jsonpath="{.metadata.finalizers}"', 'kubectl patch pvc data --type json -p \'[{"op":"add","path":"/metadata/finalizers/-","value":"x"}]\'', 'kubectl replace -f web.yaml'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.dryRun) return undefined;
    if (k.verb.value === 'replace') {
      const raw = valueOf(k.p, 'raw');
      if (!raw || !/\/finalize$/.test(raw)) return undefined;
      const scope = k.scope;
      return { severity: scope.includes('production') ? 'high' : 'medium', message: `kubectl replace --raw ${shown(raw, 60)} rewrites the namespace's finalizers: it is deleted at once, and whatever its controllers still had to clean up is left behind.`, span: spanFromProgram(cmd, [k.verb]), context: { scope } };
    }
    if (k.verb.value !== 'patch') return undefined;
    // The shared kubectl options do not give -p a value (elsewhere it is --pod-running-timeout's short form), so read it here.
    const at = cmd.args.findIndex((a) => a.value === '-p' || a.value === '--patch' || a.value.startsWith('--patch=') || /^-p./.test(a.value));
    const patchWord = at === -1 ? undefined : /^(-p|--patch)$/.test(cmd.args[at].value) ? cmd.args[at + 1] : cmd.args[at];
    const patch = patchWord === undefined ? '' : patchWord === cmd.args[at] ? patchWord.value.replace(/^(--patch=|-p)/, '') : patchWord.value;
    if (!CLEARS.test(patch)) return undefined;
    if (/"path"\s*:\s*"\/metadata\/finalizers/.test(patch) && !JSON_OP.test(patch)) return undefined;
    const words = k.rest.filter((w) => w !== patchWord).map((w) => shown(w.value, 40));
    // `pvc data`: the type, then the name, which may repeat it (`pvc pvc`).
    const target = words.length ? kindName(words[0], words.slice(1).join(' ')).trim() : 'the object';
    return {
      severity: k.scope.includes('production') ? bump('medium') : 'medium',
      message: `kubectl patch removes the finalizers of ${target} in ${k.where}: it is deleted at once if it was being deleted, and the cleanup its controllers owed (disks, load balancers, what it owns) is left undone.`,
      span: spanFromProgram(cmd, [k.verb, ...k.rest.filter((w) => w !== patchWord), ...(patchWord ? [patchWord] : [])]),
      context: { scope: k.scope },
    };
  },
};
