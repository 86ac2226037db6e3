import { boolOf, type DocNode, get, items, parseYamlDocs, scalar } from '../../../parsers/tree';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, isProductionPath } from '../helpers';
import { span } from './helpers';

/** Subcharts that hold data: switching one off deletes the database or broker it runs. */
const DATA_CHARTS = new Set([
  'postgresql', 'postgresql-ha', 'postgres', 'mysql', 'mariadb', 'mariadb-galera', 'mongodb', 'mongodb-sharded', 'redis', 'redis-cluster', 'valkey',
  'kafka', 'rabbitmq', 'elasticsearch', 'opensearch', 'minio', 'cassandra', 'etcd', 'zookeeper', 'clickhouse', 'influxdb', 'nats', 'memcached', 'keycloak',
]);

interface Dependency {
  key: string;
  name: string;
  condition?: string;
  node: DocNode;
}

/**
 * Helm deletes on upgrade every object the previous release had and the new manifest lacks. A
 * dependency taken out of Chart.yaml (requirements.yaml for apiVersion v1 charts), or a subchart
 * switched off through its condition in the values, removes everything that subchart deployed on
 * the next `helm upgrade` or GitOps sync. Helm keeps the claims a StatefulSet made, but the
 * database, broker or cache itself stops, and objects the subchart templated are gone.
 */
export const helmDependencyRemoved = defineRule({
  id: 'KUB013',
  name: 'helm-dependency-removed',
  category: 'kubernetes',
  severity: 'high',
  files: ['**/chart.yaml', '**/requirements.yaml', '**/values*.yaml', '**/values*.yml'],
  summary: 'A Helm chart loses a subchart (a dependency removed from Chart.yaml or requirements.yaml, or switched off with `<subchart>.enabled: false` in values), so the next upgrade or sync deletes what it deployed (high for data stores).',
  rationale: 'Helm upgrades delete every object of the previous release that the new manifest lacks. Dropping the `postgresql` dependency or setting `redis.enabled: false` is, on the next `helm upgrade` or Argo CD / Flux sync, a delete of that database or cache: its StatefulSet, Services, Secrets (passwords included) and any claims the subchart templated itself.',
  alternative: 'Point the application at the replacement first, back up the data, and remove the subchart in its own reviewed change; annotate objects that must survive with `helm.sh/resource-policy: keep`.',
  examples: {
    fire: [
      { path: 'charts/shop/Chart.yaml', before: 'apiVersion: v2\nname: shop\nversion: 1.4.0\ndependencies:\n  - name: postgresql\n    version: 15.5.0\n    repository: oci://registry-1.docker.io/bitnamicharts\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n', after: 'apiVersion: v2\nname: shop\nversion: 1.5.0\ndependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n' },
      { path: 'charts/shop/values-prod.yaml', before: 'redis:\n  enabled: true\n  architecture: replication\n', after: 'redis:\n  enabled: false\n  architecture: replication\n' },
    ],
    pass: [
      // A version bump keeps the dependency.
      { path: 'charts/shop/Chart.yaml', before: 'apiVersion: v2\nname: shop\ndependencies:\n  - name: postgresql\n    version: 15.5.0\n', after: 'apiVersion: v2\nname: shop\ndependencies:\n  - name: postgresql\n    version: 16.0.0\n' },
      // A feature toggle of the chart itself, not a subchart.
      { path: 'charts/shop/values.yaml', before: 'ingress:\n  enabled: true\nmetrics:\n  enabled: true\n', after: 'ingress:\n  enabled: false\nmetrics:\n  enabled: false\n' },
      // Switched on.
      { path: 'charts/shop/values.yaml', before: 'postgresql:\n  enabled: false\n', after: 'postgresql:\n  enabled: true\n' },
    ],
  },
  check(view) {
    if (view.status !== 'modified') return [];
    const prod = isProductionPath(view.path);
    const out: EditMatch[] = [];
    const report = (name: string, what: string, node: DocNode, side: Side): void => {
      const data = DATA_CHARTS.has(name.toLowerCase());
      const severity: Severity = data ? 'high' : 'medium';
      out.push({
        severity,
        message: `${what}; the next helm upgrade or sync deletes everything the ${name} subchart deployed${data ? ' (a data store: its StatefulSet, Services and Secrets go, and the data with any claim it templated)' : ''}`,
        ...(side === 'before' ? { beforeSpan: span(node) } : { afterSpan: span(node) }),
        context: prod ? { scope: ['production'] } : undefined,
      });
    };
    if (/(^|\/)(chart|requirements)\.yaml$/.test(view.lowerPath)) {
      const now = new Set(dependencies(view.docs('after').docs).map((d) => d.key));
      for (const d of dependencies(view.docs('before').docs)) if (!now.has(d.key)) report(d.name, `dependency ${d.key === d.name ? d.name : `${d.name} (alias ${d.key})`} removed from the chart`, d.node, 'before');
      return out;
    }
    // Values: `<subchart>.enabled` true → false, for a known data-store chart or a condition the step's Chart.yaml declares.
    const conditions = stepConditions(view);
    const before = view.docs('before').docs[0];
    const after = view.docs('after').docs[0];
    if (!before || !after || after.kind !== 'map') return out;
    for (const e of after.entries) {
      const node = get(e.value, 'enabled');
      if (boolOf(node) !== false || boolOf(get(before, e.key, 'enabled')) !== true || !node) continue;
      if (!DATA_CHARTS.has(e.key.toLowerCase()) && !conditions.has(`${e.key}.enabled`)) continue;
      report(e.key, `${e.key}.enabled: true → false`, node, 'after');
    }
    return out;
  },
});

function dependencies(docs: readonly DocNode[]): Dependency[] {
  const out: Dependency[] = [];
  for (const d of docs) {
    for (const n of items(get(d, 'dependencies')).slice(0, 500)) {
      const name = scalar(get(n, 'name'));
      if (!name) continue;
      out.push({ key: scalar(get(n, 'alias')) ?? name, name, condition: scalar(get(n, 'condition')), node: n });
    }
  }
  return out;
}

/** The `condition` paths the step's Chart.yaml files declare for their dependencies. */
function stepConditions(view: FileView): Set<string> {
  const out = new Set<string>();
  for (const c of view.ctx.batch?.changes ?? []) {
    if (typeof c.after !== 'string' || !/(^|[\\/])Chart\.yaml$/i.test(String(c.path)) || c.after.length > 256 * 1024) continue;
    for (const d of dependencies(parseYamlDocs(c.after).docs)) for (const cond of (d.condition ?? '').split(',')) if (cond.trim()) out.add(cond.trim());
  }
  return out;
}
