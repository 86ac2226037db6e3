import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { Severity } from '../../types';
import { looksProduction, productionContext, raised, shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { scanSql } from '../sql-scan';
import { remoteHosts } from './helpers';

// ---------------------------------------------------------------------------------------------
// HTTP requests that delete from search engines, databases and data services

interface Request {
  method: string;
  url: Word;
  /** Request bodies and URL-encoded data, as written. */
  data: string[];
}

interface Target {
  host: string;
  port?: string;
  /** Path segments, URL-decoded. */
  segs: string[];
  query: string;
  /** The URL as written, with expansions shown. */
  raw: string;
  /** Which service the host, port or a variable name says it is. */
  service?: Service;
}

type Service = 'elasticsearch' | 'solr' | 'couchdb' | 'influxdb' | 'qdrant' | 'typesense' | 'meilisearch' | 'weaviate' | 'chroma' | 'clickhouse' | 'arangodb' | 'etcd' | 'consul' | 'vault' | 'rabbitmq' | 'kafka-connect' | 'schema-registry' | 'prometheus' | 'loki' | 'druid' | 'firebase' | 'algolia' | 'pinecone' | 'postgrest' | 'questdb';

const PORTS: Readonly<Record<string, Service>> = {
  '9200': 'elasticsearch', '9201': 'elasticsearch', '9243': 'elasticsearch', '8983': 'solr', '5984': 'couchdb', '6984': 'couchdb', '8086': 'influxdb',
  '6333': 'qdrant', '8108': 'typesense', '7700': 'meilisearch', '8123': 'clickhouse', '8529': 'arangodb', '2379': 'etcd', '8500': 'consul', '8200': 'vault',
  '15672': 'rabbitmq', '8083': 'kafka-connect', '9090': 'prometheus', '3100': 'loki', '8888': 'druid', '8081': 'schema-registry', '9000': 'questdb',
};

/** Managed hosts whose name says what they are. */
const HOSTS: readonly [RegExp, Service][] = [
  [/\.(es|aws\.found|found|cloud\.es)\.io$|\.elastic-cloud\.com$|\.es\.amazonaws\.com$|\.aoss\.amazonaws\.com$|\.bonsai(search)?\.(io|net)$/, 'elasticsearch'],
  [/\.firebaseio\.com$|\.firebasedatabase\.app$/, 'firebase'],
  [/\.algolia\.(net|io)$|\.algolianet\.com$/, 'algolia'],
  [/(^|\.)pinecone\.io$/, 'pinecone'],
  [/\.supabase\.(co|in)$/, 'postgrest'],
  [/\.cloudant\.com$/, 'couchdb'],
  [/\.typesense\.net$/, 'typesense'],
  [/\.meilisearch\.(io|com)$/, 'meilisearch'],
  [/\.weaviate\.(network|cloud)$/, 'weaviate'],
  [/\.qdrant\.(io|tech)$/, 'qdrant'],
  [/\.influxdata\.com$/, 'influxdb'],
  [/\.clickhouse\.cloud$/, 'clickhouse'],
];

/** Variables that name a service: `$ES_URL/index`, `${ELASTICSEARCH_HOST}/_all`. */
const VARS: readonly [RegExp, Service][] = [
  [/\$\{?(ES|ELASTIC\w*|OPENSEARCH\w*|OS)_?(URL|HOST|ENDPOINT|ADDR\w*)?\b/i, 'elasticsearch'],
  [/\$\{?SOLR\w*/i, 'solr'],
  [/\$\{?COUCH\w*/i, 'couchdb'],
  [/\$\{?INFLUX\w*/i, 'influxdb'],
  [/\$\{?MEILI\w*/i, 'meilisearch'],
  [/\$\{?TYPESENSE\w*/i, 'typesense'],
  [/\$\{?QDRANT\w*/i, 'qdrant'],
  [/\$\{?WEAVIATE\w*/i, 'weaviate'],
  [/\$\{?CLICKHOUSE\w*/i, 'clickhouse'],
  [/\$\{?VAULT_ADDR\b/i, 'vault'],
  [/\$\{?CONSUL_HTTP_ADDR\b/i, 'consul'],
];

function parseUrl(w: Word): Target | undefined {
  const raw = w.raw.replace(/^['"]|['"]$/g, '');
  let v = w.value.split(DYN).join('\u00a7');
  // HTTPie's shorthand `:9200/_all` is localhost.
  if (v.startsWith(':')) v = `localhost${v}`;
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^/@\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)(?::(\d+|\u00a7))?(\/[^?#]*)?(?:\?([^#]*))?/i.exec(v);
  if (!m) return undefined;
  const host = (m[2] ?? '').toLowerCase();
  if (!m[1] && !m[3] && !/\./.test(host) && host !== 'localhost' && !host.includes('\u00a7')) return undefined;
  const segs = (m[4] ?? '').split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const t: Target = { host, port: m[3], segs, query: m[5] ?? '', raw };
  t.service = (m[3] ? PORTS[m[3]] : undefined) ?? HOSTS.find(([re]) => re.test(host))?.[1] ?? VARS.find(([re]) => re.test(raw))?.[1];
  // Elasticsearch's API is recognisable by its endpoints whatever the host.
  if (!t.service && segs.some((s) => /^_(all|doc|delete_by_query|snapshot|data_stream|index_template|template|ilm|ingest|cat|cluster|aliases|alias|bulk|reindex|settings|mapping|security)$/.test(s))) t.service = 'elasticsearch';
  if (!t.service && segs[0] === 'solr') t.service = 'solr';
  if (!t.service && segs[0] === 'v1' && segs[1] === 'schema') t.service = 'weaviate';
  return t;
}

interface Judged {
  severity: Severity;
  what: string;
}

const WILD = /[*,]|^_all$/;

/** What a request to a data service does, or undefined when it deletes nothing of weight. */
function judge(method: string, t: Target, data: string[]): Judged | undefined {
  const [a, b, c, d] = t.segs;
  const body = data.join(' ');
  const del = method === 'DELETE';
  switch (t.service) {
    case 'elasticsearch': {
      if (del) {
        if (!a || WILD.test(a)) return { severity: 'critical', what: `deletes ${!a || a === '_all' || a === '*' ? 'every index' : `every index matching ${a}`} in the cluster` };
        if (a === '_data_stream') return { severity: b && WILD.test(b) ? 'critical' : 'high', what: `deletes the ${kindName('data stream', b ?? '')} and its backing indices` };
        if (a === '_snapshot') return c ? { severity: 'high', what: `deletes the ${kindName('snapshot', c)} from ${kindName('repository', b)}` } : { severity: 'medium', what: `unregisters the ${kindName('snapshot repository', b ?? '')}` };
        if (a.startsWith('_')) return /^_(search|async_search|pit|tasks|scroll|cache|query_rules)$/.test(a) ? undefined : { severity: 'medium', what: `deletes ${t.segs.join('/')} from the cluster configuration` };
        if (!b) return { severity: 'high', what: `deletes the ${kindName('index', a)} and every document in it` };
        if (b === '_alias' || b === '_aliases') return { severity: 'low', what: `removes the ${kindName('alias', c ?? '')} from ${a}` };
        return undefined; // One document.
      }
      if (b === '_delete_by_query' || a === '_delete_by_query') {
        const all = !/"query"/.test(body) || /match_all|"query"\s*:\s*\{\s*\}/.test(body) || /[?&]q=\*(:\*)?(&|$)/.test(t.query);
        return all ? { severity: WILD.test(a) ? 'critical' : 'high', what: `deletes every document in ${a} (_delete_by_query matching all)` } : undefined;
      }
      return undefined;
    }
    case 'solr': {
      const q = `${t.query} ${body}`;
      if (/action=(UNLOAD|DELETE)/i.test(q) && (/action=DELETE/i.test(q) || /delete(Index|DataDir|InstanceDir)=true/i.test(q))) return { severity: 'high', what: 'deletes a Solr core or collection with its index' };
      if (t.segs.includes('update') && /<delete>\s*<query>\s*\*:\*|"delete"\s*:\s*\{\s*"query"\s*:\s*"\*:\*"|stream\.body=<delete><query>\*:\*/i.test(q)) return { severity: 'high', what: 'deletes every document of the Solr core (delete by query *:*)' };
      return undefined;
    }
    case 'couchdb':
      if (del && a && !a.startsWith('_') && !b) return { severity: 'high', what: `deletes the ${kindName('CouchDB database', a)} and every document in it` };
      return undefined;
    case 'influxdb': {
      const q = decodeForm(`${t.query}&${data.join('&')}`);
      if (/\bDROP\s+DATABASE\b/i.test(q)) return { severity: 'critical', what: 'drops an InfluxDB database (DROP DATABASE)' };
      if (/\b(DROP\s+(MEASUREMENT|SERIES|RETENTION\s+POLICY|SHARD)|DELETE\s+FROM)\b/i.test(q)) return { severity: 'high', what: 'deletes InfluxDB series or measurements' };
      if (del && a === 'api' && c === 'buckets') return { severity: 'high', what: 'deletes an InfluxDB bucket and every point in it' };
      if (a === 'api' && c === 'delete' && method !== 'GET') return { severity: /predicate/.test(body) ? 'medium' : 'high', what: 'deletes InfluxDB points in a time range' };
      return undefined;
    }
    case 'qdrant':
    case 'typesense':
    case 'chroma':
      if (del && t.segs.includes('collections') && t.segs[t.segs.length - 1] !== 'collections' && t.segs.indexOf('collections') === t.segs.length - 2) return { severity: 'high', what: `deletes the ${kindName('collection', t.segs[t.segs.length - 1])} and everything in it` };
      return undefined;
    case 'meilisearch':
      if (del && a === 'indexes' && b && !c) return { severity: 'high', what: `deletes the ${kindName('index', b)} and every document in it` };
      if (del && a === 'indexes' && c === 'documents' && !d) return { severity: 'high', what: `deletes every document of the ${kindName('index', b)}` };
      return undefined;
    case 'weaviate':
      if (del && a === 'v1' && b === 'schema') return { severity: c ? 'high' : 'critical', what: c ? `deletes the ${kindName('class', c)} and every object in it` : 'deletes every class and object' };
      return undefined;
    case 'clickhouse':
    case 'questdb': {
      // The statement travels as ?query=… (URL-encoded) or as the request body.
      const fromQuery = t.query.split('&').filter((kv) => kv.startsWith('query=')).map((kv) => decodeForm(kv.slice(6)));
      const hit = scanSql([...fromQuery, ...data.map((d) => (d.startsWith('query=') ? decodeForm(d.slice(6)) : d))].join(';\n'), 'clickhouse').hits.sort((x, y) => rankOf(y.severity) - rankOf(x.severity))[0];
      return hit ? { severity: hit.severity, what: hit.what } : undefined;
    }
    case 'arangodb':
      if (del && a === '_api' && b === 'database' && c) return { severity: 'critical', what: `drops the ${kindName('ArangoDB database', c)}` };
      if (del && t.segs.includes('collection') && t.segs[t.segs.length - 2] === 'collection') return { severity: 'high', what: `drops the ${kindName('collection', t.segs[t.segs.length - 1])}` };
      if (t.segs[t.segs.length - 1] === 'truncate') return { severity: 'high', what: 'truncates a collection' };
      return undefined;
    case 'etcd':
      if (del && a === 'v2' && b === 'keys' && /recursive=true/.test(t.query)) return { severity: t.segs.length <= 2 ? 'critical' : 'high', what: `deletes every key under /${t.segs.slice(2).join('/')}` };
      if (a === 'v3' && b === 'kv' && c === 'deleterange') return { severity: 'high', what: 'deletes a range of etcd keys' };
      return undefined;
    case 'consul':
      if (del && a === 'v1' && b === 'kv') return /(^|&)recurse/.test(t.query) ? { severity: t.segs.length <= 2 ? 'critical' : 'high', what: `deletes every Consul key under ${t.segs.slice(2).join('/') || '/'}` } : { severity: 'medium', what: `deletes the ${kindName('Consul key', t.segs.slice(2).join('/'))}` };
      return undefined;
    case 'vault':
      if (!del || a !== 'v1') return undefined;
      if (b === 'sys' && c === 'mounts') return { severity: 'critical', what: `disables the ${kindName('secrets engine', t.segs.slice(3).join('/'))}: every secret in it is destroyed` };
      if (b === 'sys' && c === 'auth') return { severity: 'high', what: `disables the ${kindName('auth method', t.segs.slice(3).join('/'))}` };
      if (c === 'metadata') return { severity: 'high', what: `deletes every version of the ${kindName('secret', t.segs.slice(3).join('/'))}` };
      return { severity: 'medium', what: `deletes the Vault data at ${t.segs.slice(1).join('/')}` };
    case 'rabbitmq':
      if (a !== 'api' || !del) return undefined;
      if (b === 'vhosts' && c) return { severity: 'critical', what: `deletes the ${kindName('virtual host', c)} with every queue and message in it` };
      if (b === 'queues') return t.segs[t.segs.length - 1] === 'contents' ? { severity: 'high', what: `deletes every message in the ${kindName('queue', d ?? '')}` } : { severity: 'high', what: `deletes the ${kindName('queue', d ?? '')} and its messages` };
      if (/^(exchanges|users|bindings|policies|shovels)$/.test(b ?? '')) return { severity: 'medium', what: `deletes ${t.segs.slice(1).join('/')}` };
      return undefined;
    case 'kafka-connect':
      if (del && a === 'connectors' && b) return { severity: 'medium', what: `deletes the ${kindName('connector', b)} and its configuration` };
      return undefined;
    case 'schema-registry':
      if (del && a === 'subjects' && b) return /permanent=true/.test(t.query) ? { severity: 'high', what: `permanently deletes the ${kindName('schemas of subject', b)}` } : { severity: 'medium', what: `deletes the ${kindName('schemas of subject', b)} (soft)` };
      return undefined;
    case 'prometheus':
      if (t.segs.join('/') === 'api/v1/admin/tsdb/delete_series') return { severity: 'high', what: 'deletes stored Prometheus series' };
      return undefined;
    case 'loki':
      if (t.segs.join('/') === 'loki/api/v1/delete' && method !== 'GET') return { severity: 'high', what: 'deletes stored Loki log lines' };
      return undefined;
    case 'druid':
      if (del && t.segs.includes('datasources')) return { severity: 'high', what: `deletes the ${kindName('Druid datasource', t.segs[t.segs.indexOf('datasources') + 1] ?? '')}` };
      return undefined;
    case 'firebase':
      if (!del) return undefined;
      return t.segs.length === 0 || t.segs[0] === '.json' ? { severity: 'critical', what: 'deletes the whole Firebase Realtime Database' } : { severity: t.segs.length === 1 ? 'high' : 'medium', what: `deletes the Firebase data at /${t.segs.join('/').replace(/\.json$/, '')} and everything under it` };
    case 'algolia':
      if (del && a === '1' && b === 'indexes' && c && !d) return { severity: 'high', what: `deletes the ${kindName('Algolia index', c)}` };
      if (a === '1' && b === 'indexes' && d === 'clear') return { severity: 'high', what: `deletes every record of the ${kindName('Algolia index', c)}` };
      return undefined;
    case 'pinecone':
      if (del && a === 'indexes' && b) return { severity: 'high', what: `deletes the ${kindName('Pinecone index', b)} and every vector in it` };
      if (a === 'vectors' && b === 'delete' && /"deleteAll"\s*:\s*true/.test(body)) return { severity: 'high', what: 'deletes every vector in the namespace' };
      return undefined;
    case 'postgrest':
      if (del && a === 'rest' && b === 'v1' && c && !t.query.split('&').some((kv) => /^[^=]+=(eq|neq|gt|gte|lt|lte|in|is|like|ilike|cs|cd|not)\./.test(kv))) return { severity: 'high', what: `deletes every row of the ${kindName('table', c)} (no filter)` };
      return undefined;
  }
  return undefined;
}

function rankOf(s: Severity): number {
  return ['low', 'medium', 'high', 'critical'].indexOf(s);
}

function decodeForm(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s.replace(/\+/g, ' ');
  }
}

/** The request curl, HTTPie, xh or wget would send. */
function requestOf(cmd: SimpleCommand): Request | undefined {
  const args = cmd.args;
  let method: string | undefined;
  const urls: Word[] = [];
  const data: string[] = [];
  if (cmd.program === 'curl' || cmd.program === 'curlie') {
    for (let i = 0; i < args.length && i < 200; i++) {
      const v = args[i].value;
      if (v === '-X' || v === '--request') method = args[++i]?.value;
      else if (/^-X./.test(v)) method = v.slice(2);
      else if (v.startsWith('--request=')) method = v.slice(10);
      else if (/^(-d|--data|--data-raw|--data-binary|--data-ascii|--data-urlencode|--json|-F|--form)$/.test(v)) data.push(args[++i]?.value ?? '');
      else if (/^-d./.test(v)) data.push(v.slice(2));
      else if (v === '--url') urls.push(args[++i]);
      else if (/^(-H|--header|-u|--user|-o|--output|-A|--user-agent|-e|--referer|-b|--cookie|-c|--cookie-jar|-w|--write-out|-m|--max-time|--connect-timeout|--retry|-x|--proxy|--cacert|--cert|--key|-E|--resolve|--connect-to|-K|--config|-T|--upload-file|-r|--range|-z|--time-cond|--limit-rate|-y|--speed-time|-Y|--speed-limit)$/.test(v)) i++;
      else if (!v.startsWith('-') && args[i]) urls.push(args[i]);
    }
    method = (method ?? (data.length ? 'POST' : 'GET')).toUpperCase();
  } else if (cmd.program === 'wget') {
    for (let i = 0; i < args.length && i < 200; i++) {
      const v = args[i].value;
      if (v.startsWith('--method=')) method = v.slice(9);
      else if (v === '--method') method = args[++i]?.value;
      else if (/^--(post|body)-data=/.test(v)) data.push(v.slice(v.indexOf('=') + 1));
      else if (/^--(post|body)-data$/.test(v)) data.push(args[++i]?.value ?? '');
      else if (/^(-O|-o|-P|--header|-U|--user|--password|-e|-t|-T|-w)$/.test(v)) i++;
      else if (!v.startsWith('-')) urls.push(args[i]);
    }
    method = (method ?? (data.length ? 'POST' : 'GET')).toUpperCase();
  } else {
    // HTTPie and xh: [options] [METHOD] URL [items]
    let i = 0;
    while (i < args.length && args[i].value.startsWith('-')) i += /^(-a|--auth|-A|--auth-type|-o|--output|--session|--verify|--cert|--cert-key|--timeout|-v|--print|-p)$/.test(args[i].value) ? 2 : 1;
    const first = args[i];
    if (first && /^[A-Za-z]+$/.test(first.value) && args[i + 1] && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(first.value)) {
      method = first.value.toUpperCase();
      i++;
    }
    if (args[i]) urls.push(args[i]);
    const items = args.slice(i + 1).map((a) => a.value);
    data.push(...items.filter((x) => /^[\w.-]+:?=/.test(x)));
    method = method ?? (data.length ? 'POST' : 'GET');
  }
  const url = urls.find((u) => u && /^(https?:\/\/|:\d|[\w.-]+:\d+|localhost|\$|\S+\.\S+\/)/i.test(u.raw.replace(/^['"]/, '')));
  return url ? { method, url, data } : undefined;
}

export const dataApiDelete: CommandRule = {
  id: 'DB007',
  name: 'data-api-delete',
  category: 'database',
  severity: 'critical',
  triggers: [{ programs: ['curl', 'curlie', 'http', 'https', 'xh', 'xhs', 'wget'] }],
  summary: 'An HTTP request that deletes from a search engine, database or data service: curl -X DELETE to Elasticsearch/OpenSearch indices (worst with `_all` or a wildcard), _delete_by_query matching all, CouchDB, Solr, InfluxDB, vector stores, Vault, Consul, RabbitMQ, Firebase and more.',
  rationale: 'Data services expose deletion as plain HTTP: one DELETE to an index, a collection or a database removes it with everything in it, and `_all` or `*` removes every one at once. Nothing asks for confirmation.',
  alternative: 'GET the target first (`_cat/indices`, the collection\'s info), snapshot it, delete exact names rather than patterns, and keep `action.destructive_requires_name: true` on Elasticsearch clusters.',
  examples: {
    fire: ['curl -X DELETE http://localhost:9200/_all', 'curl -XDELETE "localhost:9200/logs-*"', 'curl -X DELETE http://localhost:9200/orders', 'http DELETE :9200/users', 'curl -X DELETE http://localhost:5984/mydb', 'curl -X DELETE http://localhost:6333/collections/docs'],
    pass: ['curl http://localhost:9200/_cat/indices', 'curl -X DELETE http://localhost:9200/orders/_doc/1', 'curl -X DELETE https://api.example.com/users/42', 'curl -X DELETE http://localhost:3000/todos/1', 'http GET :9200/_cluster/health', 'curl -X DELETE http://localhost:5984/mydb/doc1?rev=1-abc'],
  },
  check(cmd): RuleMatch | undefined {
    const req = requestOf(cmd);
    if (!req) return undefined;
    const t = parseUrl(req.url);
    if (!t) return undefined;
    const j = judge(req.method, t, req.data);
    if (!j) return undefined;
    const prod = j.severity !== 'low' && looksProduction(t.host, t.raw, ...remoteHosts(cmd));
    return {
      severity: prod ? raised(j.severity) : j.severity,
      message: `${req.method} ${shown(t.raw, 80)} ${j.what}${prod ? '; the server looks like production' : ''}.`,
      span: spanFromProgram(cmd, [req.url]),
      context: productionContext(prod),
    };
  },
};
