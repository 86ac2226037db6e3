import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity, Span } from '../../types';
import { type CliSpec, looksProduction, optionValue, parseArgs, type ParsedArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { fromProgram, optionScripts, rank, remoteHosts, type Script, set, stdinScript } from './helpers';

// ---------------------------------------------------------------------------------------------
// DB002: MongoDB and Redis

const MAX_JS = 64 * 1024;

/** JavaScript with string literals and comments blanked out, same length, so offsets still map. */
function maskJs(code: string): string {
  let out = '';
  let i = 0;
  const n = Math.min(code.length, MAX_JS);
  while (i < n) {
    const c = code[i];
    if (c === '/' && code[i + 1] === '/') {
      const e = code.indexOf('\n', i);
      const end = e === -1 ? n : Math.min(e, n);
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const e = code.indexOf('*/', i + 2);
      const end = e === -1 ? n : Math.min(e + 2, n);
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      const end = Math.min(j + 1, n);
      out += c + '_'.repeat(Math.max(0, end - i - 2)) + (end - i >= 2 ? c : '');
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

interface MongoHit {
  severity: Severity;
  what: string;
}

function collectionBefore(original: string, masked: string, at: number): string {
  // `db.users.drop()` → users; `db.getCollection("users").drop()` → users.
  const head = masked.slice(Math.max(0, at - 200), at);
  const orig = original.slice(Math.max(0, at - 200), at);
  const gc = /getCollection\(\s*(['"`])_*\1\s*\)\s*$/.exec(head);
  if (gc) {
    const q = orig.slice(gc.index).match(/\(\s*(['"`])(.*?)\1/);
    return q ? q[2] : 'a collection';
  }
  const dot = /([A-Za-z_$][\w$]*)\s*$/.exec(head);
  return dot ? dot[1] : 'a collection';
}

function scanMongo(code: string): MongoHit[] {
  const masked = maskJs(code);
  const hits: MongoHit[] = [];
  if (/\.\s*dropDatabase\s*\(/.test(masked) || /runCommand\s*\(\s*\{\s*dropDatabase\s*:/.test(masked)) hits.push({ severity: 'critical', what: 'drops the whole database (dropDatabase)' });
  const users = /\.\s*(dropUser|dropAllUsers|dropRole|dropAllRoles)\s*\(/.exec(masked) ?? /(?:runCommand|adminCommand)\s*\(\s*\{\s*(dropUser|dropAllUsersFromDatabase|dropRole|dropAllRolesFromDatabase)\s*:/.exec(masked);
  if (users) hits.push({ severity: 'high', what: `${/All/.test(users[1]) ? 'drops every user or role of the database' : 'drops a database user or role'} (${users[1]}): whatever signs in with it is locked out` });
  const dropCmd = /(?:runCommand|adminCommand)\s*\(\s*\{\s*drop\s*:/.exec(masked);
  if (dropCmd) hits.push({ severity: 'high', what: 'drops a collection and every document in it (runCommand drop)' });
  if (/(?:adminCommand|runCommand)\s*\(\s*\{\s*shutdown\s*:|\.\s*shutdownServer\s*\(/.test(masked)) hits.push({ severity: 'medium', what: 'shuts the MongoDB server down' });
  const re = /\.\s*(drop|deleteMany|remove|updateMany)\s*\(\s*(\{\s*\}\s*)?(,|\))/g;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(masked)) && guard++ < 50) {
    const fn = m[1];
    const emptyFilter = m[2] !== undefined;
    const coll = shown(collectionBefore(code, masked, m.index), 60);
    if (fn === 'drop' && !emptyFilter && m[3] === ')') hits.push({ severity: 'high', what: `drops ${kindName('collection', coll)} and every document in it` });
    else if ((fn === 'deleteMany' || fn === 'remove') && emptyFilter) hits.push({ severity: 'high', what: `deletes every document in ${coll} (${fn}({}))` });
    else if (fn === 'updateMany' && emptyFilter) hits.push({ severity: 'high', what: `overwrites every document in ${coll} (updateMany({}))` });
  }
  return hits;
}

const MONGO_SPEC: CliSpec = {
  unknownLong: 'bool',
  shortValued: 'uphf',
  valued: set('eval', 'host', 'port', 'username', 'password', 'authenticationDatabase', 'file', 'apiVersion', 'tlsCAFile', 'tlsCertificateKeyFile'),
};

function mongoShell(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, MONGO_SPEC);
  const scripts = optionScripts(cmd, p, ['eval']);
  if (!scripts.length && !p.options.has('f') && !p.options.has('file') && !p.positionals.some((w) => /\.js$/.test(w.value))) {
    const s = stdinScript(cmd);
    if (s) scripts.push(s);
  }
  let best: { hit: MongoHit; script: Script } | undefined;
  for (const s of scripts) for (const hit of scanMongo(s.text)) if (!best || rank(hit.severity) > rank(best.hit.severity)) best = { hit, script: s };
  if (!best) return undefined;
  const conn = p.positionals[0]?.value;
  const host = optionValue(p, 'host');
  const prod = looksProduction(conn, host, ...remoteHosts(cmd), ...targetAssignments(cmd));
  return {
    severity: prod ? raised(best.hit.severity) : best.hit.severity,
    message: `${best.hit.what} (${cmd.program}${conn ? ` ${shown(conn.replace(/\/\/[^@/]*@/, '//…@'), 60)}` : ''}${host ? ` at ${shown(host)}` : ''})${prod ? '; the database looks like production' : ''}.`,
    span: fromProgram(cmd, best.script.span),
    context: productionContext(prod),
  };
}

const REDIS_SPEC: CliSpec = {
  unknownLong: 'bool',
  shortValued: 'hpsaunridD',
  valued: set('user', 'pass', 'cacert', 'cacertdir', 'cert', 'key', 'sni', 'pattern', 'quoted-pattern', 'count', 'rdb', 'functions-rdb', 'eval', 'memkeys-samples', 'tls-ciphers', 'tls-ciphersuites', 'cluster'),
};

function redisCommands(cmd: SimpleCommand, p: ParsedArgs): { words: string[]; span: Span; from: string }[] {
  const out: { words: string[]; span: Span; from: string }[] = [];
  // `redis-cli --cluster call host:port FLUSHALL` runs the command on every node of the cluster.
  const pos = optionValue(p, 'cluster') === 'call' ? p.positionals.slice(1) : p.positionals;
  if (pos.length) out.push({ words: pos.map((w) => w.value), span: spanFromProgram(cmd, pos.slice(0, 3)), from: 'as arguments' });
  else {
    const s = stdinScript(cmd);
    if (s) for (const line of s.text.split('\n').slice(0, 200)) if (line.trim()) out.push({ words: line.trim().split(/\s+/), span: s.span, from: s.from });
  }
  return out;
}

/** CONFIG SET parameters that write files elsewhere or turn persistence off. */
function redisConfigSet(kv: string[]): { severity: Severity; what: string } | undefined {
  let worst: { severity: Severity; what: string } | undefined;
  for (let i = 0; i + 1 < kv.length && i < 40; i += 2) {
    const key = kv[i].toLowerCase();
    const value = kv[i + 1];
    if (key === 'dir' || key === 'dbfilename') return { severity: 'high', what: `points Redis' dump file elsewhere (CONFIG SET ${key} ${value}): the next save writes over that file, and the server's data is no longer saved where it was` };
    if ((key === 'appendonly' && /^no$/i.test(value)) || (key === 'save' && /^(""|''|)$/.test(value.trim()))) worst = { severity: 'medium', what: `turns Redis persistence off (CONFIG SET ${key} ${value || '""'}): a restart loses the data` };
  }
  return worst;
}

function redisCli(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, REDIS_SPEC);
  const host = optionValue(p, 'h', 'u');
  const dbIndex = optionValue(p, 'n');
  let best: { severity: Severity; what: string; span: Span } | undefined;
  for (const c of redisCommands(cmd, p)) {
    const verb = (c.words[0] ?? '').toUpperCase();
    let hit: { severity: Severity; what: string } | undefined;
    if (verb === 'FLUSHALL') hit = { severity: 'critical', what: 'deletes every key in every database of the Redis server (FLUSHALL)' };
    else if (verb === 'FLUSHDB') hit = { severity: 'high', what: `deletes every key in Redis ${kindName('database', dbIndex ?? '0')} (FLUSHDB)` };
    else if (verb === 'SHUTDOWN') {
      hit = c.words.some((w) => /^nosave$/i.test(w))
        ? { severity: 'medium', what: 'stops the Redis server without saving (SHUTDOWN NOSAVE): every write since the last snapshot is lost' }
        : { severity: 'medium', what: 'stops the Redis server (SHUTDOWN)' };
    } else if (verb === 'CONFIG' && /^set$/i.test(c.words[1] ?? '')) hit = redisConfigSet(c.words.slice(2));
    else if (verb === 'FUNCTION' && /^flush$/i.test(c.words[1] ?? '')) hit = { severity: 'medium', what: 'deletes every Redis function library (FUNCTION FLUSH)' };
    else if (verb === 'CLUSTER' && /^reset$/i.test(c.words[1] ?? '')) hit = /^hard$/i.test(c.words[2] ?? '') ? { severity: 'high', what: 'resets the cluster node hard (CLUSTER RESET HARD): it forgets the cluster, its slots and its id' } : { severity: 'medium', what: 'resets the cluster node (CLUSTER RESET): it forgets its slots and peers' };
    else if (verb === 'CLUSTER' && /^(flushslots|forget)$/i.test(c.words[1] ?? '')) hit = { severity: 'medium', what: `changes the cluster layout (CLUSTER ${c.words[1].toUpperCase()})` };
    else if (verb === 'REPLICAOF' || verb === 'SLAVEOF') {
      hit = /^no$/i.test(c.words[1] ?? '') && /^one$/i.test(c.words[2] ?? '')
        ? { severity: 'medium', what: `promotes the server to a primary (${verb} NO ONE): it stops following its primary` }
        : { severity: 'high', what: `makes the server a replica of ${c.words[1] ?? 'another server'} (${verb}): it discards its own data and copies the other server's` };
    } else if (verb === 'ACL' && /^deluser$/i.test(c.words[1] ?? '')) hit = { severity: 'medium', what: `deletes the ${kindName(`Redis user${c.words.length > 3 ? 's' : ''}`, c.words.slice(2).join(', '))} (ACL DELUSER)` };
    else if ((verb === 'DEL' || verb === 'UNLINK') && cmd.argsFromStdin) hit = { severity: 'medium', what: 'deletes every key that the earlier pipeline stage lists' };
    if (hit && (!best || rank(hit.severity) > rank(best.severity))) best = { ...hit, span: c.span };
  }
  if (!best) return undefined;
  const prod = looksProduction(host, ...remoteHosts(cmd), ...targetAssignments(cmd));
  return {
    severity: prod ? raised(best.severity) : best.severity,
    message: `${best.what}${host ? ` at ${shown(host)}` : ''}${prod ? '; the server looks like production' : ''}.`,
    span: fromProgram(cmd, best.span),
    context: productionContext(prod),
  };
}

export const nosqlDestructiveCommand: CommandRule = {
  id: 'DB002',
  name: 'nosql-destructive-command',
  category: 'database',
  severity: 'critical',
  triggers: [{ programs: ['mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'keydb-cli'] }],
  summary: 'Drops a MongoDB database, collection or user, deletes every document, or flushes, rewires or stops a Redis server (FLUSHALL/FLUSHDB, CONFIG SET dir, REPLICAOF, SHUTDOWN NOSAVE).',
  rationale: 'dropDatabase, drop() and deleteMany({}) remove data at once with no undo; FLUSHALL empties every Redis database, including queues and sessions that the application treats as durable.',
  alternative: 'Delete by an explicit filter, back up first (`mongodump`, `redis-cli --rdb`), and run destructive maintenance against a copy before production.',
  examples: {
    fire: ['mongosh mongodb://localhost/app --eval "db.dropDatabase()"', 'mongosh app --eval \'db.users.deleteMany({})\'', 'mongosh app --eval \'db.dropUser("app")\'', 'redis-cli -h prod-cache FLUSHALL', 'redis-cli flushdb', 'redis-cli CONFIG SET dir /var/spool/cron', 'redis-cli SHUTDOWN NOSAVE', 'redis-cli REPLICAOF 10.0.0.5 6379', 'redis-cli --cluster call 10.0.0.1:6379 FLUSHALL'],
    pass: ['mongosh app --eval \'db.users.find({}).limit(5)\'', 'mongosh app --eval \'db.sessions.deleteMany({expired: true})\'', 'redis-cli GET session:1', 'mongosh app --eval \'print("db.dropDatabase()")\''],
  },
  check(cmd) {
    if (cmd.program === 'mongosh' || cmd.program === 'mongo') return mongoShell(cmd);
    if (cmd.program === 'redis-cli' || cmd.program === 'valkey-cli' || cmd.program === 'keydb-cli') return redisCli(cmd);
    return undefined;
  },
};
