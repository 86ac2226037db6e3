/**
 * Where the tools would act from a folder by default, before any command names a target: the
 * kubeconfig's current context, the AWS profile, the active gcloud configuration, the az
 * profile's default subscription, the folder's Terraform workspace and Pulumi stack. The status
 * bar shows it when any of them is production, so the user knows before an agent acts.
 */
import { extractCommands } from '../shell/extract';
import type { CommandContext } from '../types';
import { EnvironmentSession } from './index';
import type { ProductionSpec } from './production';

/** One line per tool, as plain words (read without the shell grammar). */
const PROBES: readonly [string, string][] = [
  ['Kubernetes', 'kubectl get pods'],
  ['AWS', 'aws sts get-caller-identity'],
  ['GCP', 'gcloud projects list'],
  ['Azure', 'az account show'],
  ['Terraform', 'terraform plan'],
  ['Pulumi', 'pulumi preview'],
];

export interface DefaultTarget {
  tool: string;
  label: string;
  production: boolean;
  unknown: string[];
}

export function defaultTargets(ctx: CommandContext, spec: ProductionSpec | undefined): DefaultTarget[] {
  const out: DefaultTarget[] = [];
  for (const [tool, line] of PROBES) {
    const { commands } = extractCommands(line);
    const cmd = commands[0];
    if (!cmd) continue;
    const v = new EnvironmentSession(commands, ctx, spec).verdict(cmd);
    if (!v || (!v.label && !v.unknown.length)) continue;
    out.push({ tool, label: v.label, production: v.production, unknown: v.unknown });
  }
  return out;
}
