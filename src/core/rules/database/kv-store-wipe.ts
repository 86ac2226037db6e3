import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValue, optionWords, parseArgs, type ParsedArgs, productionContext, raised, shown, switchValue, targetAssignments } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { remoteHosts, set, stdinScript } from './helpers';

// ---------------------------------------------------------------------------------------------
// Key-value stores, secret stores, time-series and cache servers wiped or flushed

interface Hit {
  severity: Severity;
  what: string;
  words: Word[];
  names: (string | undefined)[];
}

/** A key prefix that means everything: the empty string or the root. */
const ROOT = /^(\/?|\/\*|\*)$/;

function etcd(p: ParsedArgs): Hit | undefined {
  const [verb, key, end] = p.positionals;
  if (!verb) return undefined;
  const v = verb.value;
  if (v === 'del' || v === 'rm' || v === 'rmdir') {
    const prefix = switchValue(p, 'prefix') === true || switchValue(p, 'recursive') === true || p.options.has('r');
    const fromKey = switchValue(p, 'from-key') === true;
    const k = key?.value ?? '';
    if (prefix || fromKey || end) {
      const all = ROOT.test(k) || (fromKey && (k === '' || k === '\\0' || k === '/'));
      return { severity: all ? 'critical' : 'high', what: all ? 'deletes every key in etcd' : `deletes every etcd key ${fromKey ? 'from' : end ? 'in the range of' : 'under'} ${shown(k)}${end ? ` to ${shown(end.value)}` : ''}`, words: [verb, ...(key ? [key] : []), ...optionWords(p, 'prefix', 'from-key', 'recursive', 'r')], names: [k] };
    }
    return { severity: 'medium', what: `deletes the ${kindName('etcd key', shown(k))}`, words: [verb, ...(key ? [key] : [])], names: [k] };
  }
  if (v === 'member' && key?.value === 'remove') return { severity: 'medium', what: `removes ${kindName('member', shown(end?.value ?? ''))} from the etcd cluster`, words: [verb, key], names: [] };
  return undefined;
}

function consul(p: ParsedArgs): Hit | undefined {
  const [group, verb, key] = p.positionals;
  if (group?.value === 'kv' && verb?.value === 'delete') {
    const recurse = p.options.has('recurse');
    const k = key?.value ?? '';
    if (recurse) return { severity: ROOT.test(k) ? 'critical' : 'high', what: ROOT.test(k) ? 'deletes every key in Consul' : `deletes every Consul key under ${shown(k)}`, words: [group, verb, ...(key ? [key] : []), ...optionWords(p, 'recurse')], names: [k] };
    return { severity: 'medium', what: `deletes the ${kindName('Consul key', shown(k))}`, words: [group, verb, ...(key ? [key] : [])], names: [k] };
  }
  if (group?.value === 'snapshot' && verb?.value === 'restore') return { severity: 'high', what: `replaces the whole Consul state with the ${kindName('snapshot', shown(key?.value ?? ''))}`, words: [group, verb], names: [key?.value] };
  if (group?.value === 'acl' && verb && /^(token|policy|role)$/.test(verb.value) && key?.value === 'delete') return { severity: 'medium', what: `deletes a ${kindName('Consul ACL', verb.value)}`, words: [group, verb, key], names: [] };
  return undefined;
}

function vault(p: ParsedArgs): Hit | undefined {
  const [group, verb, path] = p.positionals;
  if (!group) return undefined;
  const target = (w: Word | undefined): string => shown(w?.value ?? '');
  if (group.value === 'secrets' && verb?.value === 'disable') return { severity: 'critical', what: `disables the secrets engine at ${target(path)}: every secret stored in it is destroyed`, words: [group, verb, ...(path ? [path] : [])], names: [path?.value] };
  if (group.value === 'auth' && verb?.value === 'disable') return { severity: 'high', what: `disables the auth method at ${target(path)}: everyone who signs in with it is locked out and its tokens are revoked`, words: [group, verb, ...(path ? [path] : [])], names: [path?.value] };
  if (group.value === 'kv') {
    if (verb?.value === 'metadata' && path?.value === 'delete') {
      const secret = p.positionals[3];
      return { severity: 'high', what: `deletes the ${kindName('secret', target(secret))} with every version and its metadata`, words: [group, verb, path, ...(secret ? [secret] : [])], names: [secret?.value] };
    }
    if (verb?.value === 'destroy') return { severity: 'high', what: `permanently destroys versions ${shown(optionValue(p, 'versions') ?? '')} of the ${kindName('secret', target(path))}`, words: [group, verb, ...(path ? [path] : [])], names: [path?.value] };
    if (verb?.value === 'delete') return { severity: 'medium', what: `deletes the latest version of the ${kindName('secret', target(path))} (kv undelete brings it back)`, words: [group, verb, ...(path ? [path] : [])], names: [path?.value] };
    return undefined;
  }
  if (group.value === 'delete') return { severity: 'medium', what: `deletes the Vault data at ${target(verb)}`, words: [group, ...(verb ? [verb] : [])], names: [verb?.value] };
  if (group.value === 'policy' && verb?.value === 'delete') return { severity: 'medium', what: `deletes the ${kindName('Vault policy', target(path))}: tokens that rely on it lose their access`, words: [group, verb], names: [path?.value] };
  if (group.value === 'lease' && verb?.value === 'revoke' && (p.options.has('prefix') || p.options.has('force'))) return { severity: 'medium', what: `revokes every lease under ${target(path)}: the dynamic credentials they hold stop working`, words: [group, verb], names: [path?.value] };
  if (group.value === 'operator' && verb?.value === 'seal') return { severity: 'medium', what: 'seals Vault: no secret can be read until it is unsealed again', words: [group, verb], names: [] };
  return undefined;
}

function influx(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  // InfluxDB 1.x's CLI: `influx -execute 'DROP DATABASE telegraf'` (a Go flag, one dash).
  const ex = cmd.args.findIndex((a) => /^--?execute(=|$)/.test(a.value));
  if (ex !== -1) {
    const w = cmd.args[ex];
    const q = w.value.includes('=') ? w.value.slice(w.value.indexOf('=') + 1) : (cmd.args[ex + 1]?.value ?? '');
    if (/\b(DROP\s+(DATABASE|MEASUREMENT|SERIES|RETENTION\s+POLICY|SHARD)|DELETE\s+FROM)\b/i.test(q)) {
      return { severity: /DROP\s+DATABASE/i.test(q) ? 'critical' : 'high', what: `runs ${shown(q, 60)} against InfluxDB`, words: cmd.args.slice(ex, ex + 2), names: [q] };
    }
    return undefined;
  }
  const [group, verb] = p.positionals;
  if (!group) return undefined;
  const bucket = optionValue(p, 'bucket', 'b', 'name', 'n', 'id', 'i');
  if (group.value === 'delete') {
    const predicate = optionValue(p, 'predicate', 'p');
    return predicate ? { severity: 'medium', what: `deletes the points matching ${shown(predicate)} from ${kindName('bucket', shown(bucket ?? ''))}`, words: [group, ...optionWords(p, 'predicate', 'p')], names: [bucket] } : { severity: 'high', what: `deletes every point between --start and --stop from ${kindName('bucket', shown(bucket ?? ''))}`, words: [group, ...optionWords(p, 'bucket', 'b', 'start', 'stop')], names: [bucket] };
  }
  if (verb?.value === 'delete' && /^(bucket|org|organization)$/.test(group.value)) return { severity: group.value === 'bucket' ? 'high' : 'critical', what: `deletes the ${kindName(`InfluxDB ${group.value === 'bucket' ? 'bucket' : 'organization'}`, shown(bucket ?? ''))} and ${group.value === 'bucket' ? 'every point in it' : 'every bucket in it'}`, words: [group, verb], names: [bucket] };
  return undefined;
}

function zookeeper(p: ParsedArgs): Hit | undefined {
  const pos = p.positionals;
  const at = pos.findIndex((w) => /^(deleteall|rmr|delete)$/.test(w.value));
  if (at === -1) return undefined;
  const path = pos[at + 1]?.value ?? '';
  const recursive = pos[at].value !== 'delete';
  return { severity: recursive ? (ROOT.test(path) ? 'critical' : 'high') : 'medium', what: `${recursive ? 'deletes every znode under' : 'deletes the znode'} ${shown(path)}`, words: pos.slice(at, at + 2), names: [path] };
}

function couchbase(p: ParsedArgs): Hit | undefined {
  const verb = p.positionals[0];
  if (!verb || !/^(bucket-delete|bucket-flush)$/.test(verb.value)) return undefined;
  const bucket = optionValue(p, 'bucket');
  return { severity: 'high', what: `${verb.value === 'bucket-delete' ? 'deletes the bucket' : 'deletes every document in the bucket'} ${shown(bucket ?? '')}`, words: [verb], names: [bucket, optionValue(p, 'cluster', 'c')] };
}

function memcached(cmd: SimpleCommand): Hit | undefined {
  if (cmd.program === 'memcflush') return { severity: 'medium', what: 'empties the memcached servers (memcflush): every cached item is gone and the database behind them takes the full load', words: [], names: cmd.args.map((a) => a.value) };
  // `echo flush_all | nc host 11211`, a heredoc or here-string into nc, telnet or socat.
  const s = stdinScript(cmd);
  if (!s || !/(^|\n|\\n|\s)flush_all\b/.test(s.text)) return undefined;
  return { severity: 'medium', what: `sends flush_all to ${cmd.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value).join(':') || 'the memcached server'}: every cached item is gone and the database behind it takes the full load`, words: cmd.args.filter((a) => !a.value.startsWith('-')), names: cmd.args.map((a) => a.value) };
}

function minio(p: ParsedArgs): Hit | undefined {
  const [verb, ...targets] = p.positionals;
  if (!verb) return undefined;
  const force = p.options.has('force');
  if (verb.value === 'rb' && targets.length) return { severity: force ? 'high' : 'medium', what: `deletes the ${kindName('bucket', targets.map((t) => shown(t.value)).join(', '))}${force ? ' and every object in it (--force)' : ''}`, words: [verb, ...targets], names: targets.map((t) => t.value) };
  if (verb.value === 'rm' && targets.length && (p.options.has('recursive') || p.options.has('r')) && force) return { severity: 'high', what: `deletes every object under ${targets.map((t) => shown(t.value)).join(', ')}`, words: [verb, ...targets], names: targets.map((t) => t.value) };
  return undefined;
}

const CLI_SPEC = {
  unknownLong: 'value' as const,
  bool: set('prefix', 'from-key', 'recursive', 'r', 'recurse', 'force', 'f', 'yes', 'y', 'help', 'h', 'json', 'debug', 'insecure', 'skip-verify', 'dry-run', 'no-color', 'prev-kv'),
  shortValued: 'bnipcuoHtz',
};

export const kvStoreWipe: CommandRule = {
  id: 'DB006',
  name: 'kv-store-wipe',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['etcdctl'], subcommands: ['del', 'rm', 'rmdir', 'member'] },
    { programs: ['consul'], subcommands: ['delete', 'restore'] },
    { programs: ['vault'], subcommands: ['disable', 'delete', 'destroy', 'revoke', 'seal'] },
    { programs: ['influx'], subcommands: ['delete', '-execute', '--execute'] },
    { programs: ['zkcli.sh', 'zkcli', 'zookeeper-shell', 'zookeeper-shell.sh'], subcommands: ['deleteall', 'rmr', 'delete'] },
    { programs: ['couchbase-cli'], subcommands: ['bucket-delete', 'bucket-flush'] },
    { programs: ['memcflush', 'nc', 'ncat', 'netcat', 'telnet', 'socat'] },
    { programs: ['mc', 'mcli'], subcommands: ['rb', 'rm'] },
  ],
  summary: 'Wipes a key-value, secret, time-series or cache store: etcdctl del --prefix, consul kv delete -recurse, vault secrets disable / kv destroy, influx delete, ZooKeeper deleteall, Couchbase bucket delete, memcached flush_all, MinIO rb --force.',
  rationale: 'Configuration, service discovery, secrets and metrics often live only in these stores; a recursive delete or a disabled secrets engine removes all of it at once, and the services that read it fail together.',
  alternative: 'Take a snapshot first (`etcdctl snapshot save`, `consul snapshot save`, `vault operator raft snapshot save`), delete exact keys rather than prefixes, and never disable a secrets engine that still holds secrets.',
  examples: {
    fire: ['etcdctl del --prefix /', 'consul kv delete -recurse app/', 'vault secrets disable secret/', 'vault kv metadata delete secret/app', 'influx bucket delete -n metrics', 'echo flush_all | nc localhost 11211', 'zkCli.sh deleteall /app'],
    pass: ['etcdctl get --prefix /', 'consul kv get -recurse', 'vault kv get secret/app', 'influx bucket list', 'echo stats | nc localhost 11211', 'nc -zv db 5432', 'mc ls play/bucket'],
  },
  check(cmd): RuleMatch | undefined {
    const program = cmd.program;
    let hit: Hit | undefined;
    if (program === 'memcflush' || program === 'nc' || program === 'ncat' || program === 'netcat' || program === 'telnet' || program === 'socat') hit = memcached(cmd);
    else {
      // vault and consul read Go flags: `-recurse`, `-prefix` are whole option names.
      const p = parseArgs(cmd.args, program === 'vault' || program === 'consul' ? { unknownLong: 'bool', singleDashLong: true } : CLI_SPEC);
      if (p.options.has('help') || p.options.has('dry-run')) return undefined;
      if (program === 'etcdctl') hit = etcd(p);
      else if (program === 'consul') hit = consul(p);
      else if (program === 'vault') hit = vault(p);
      else if (program === 'influx') hit = influx(cmd, p);
      else if (program === 'couchbase-cli') hit = couchbase(p);
      else if (program === 'mc' || program === 'mcli') hit = minio(p);
      else hit = zookeeper(p);
    }
    if (!hit) return undefined;
    const prod = looksProduction(...hit.names, ...remoteHosts(cmd), ...targetAssignments(cmd));
    return {
      severity: prod ? raised(hit.severity) : hit.severity,
      message: `${hit.what}${prod ? '; it looks like production' : ''}.`,
      span: spanFromProgram(cmd, hit.words),
      context: productionContext(prod),
    };
  },
};
