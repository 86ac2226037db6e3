/**
 * The YAML parser the environment reader is handed for kubeconfigs, Argo CD's config and Pulumi's
 * stack files: the maintained `yaml` package, with aliases bounded (a crafted file cannot blow up
 * into millions of nodes) and duplicate keys tolerated the way kubectl's own parser tolerates them.
 */
import { parse } from 'yaml';

export function parseConfigYaml(text: string): unknown {
  return parse(text, { maxAliasCount: 100, uniqueKeys: false }) as unknown;
}
