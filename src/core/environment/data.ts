/**
 * Where a database client or migration tool connects, and where a push lands.
 * - Clients: a connection URI or conninfo argument (`psql postgres://…`, `psql "host=… dbname=…"`,
 *   `mongosh mongodb+srv://…`, `redis-cli -u redis://…`), `-h`/`--host`, then the variables the
 *   client reads (PGHOST, MYSQL_HOST), then the client's default, which is this machine (a local
 *   socket or localhost).
 * - Migration tools and ORMs: DATABASE_URL (and `--url`).
 * - git push: the remote (named, or the branch's push remote, remote.pushDefault, its upstream
 *   remote, origin) with its URL from the repository's config, and the branch it updates.
 */
import { optionValue, plain, positionalsOf } from './args';
import { parseIni } from './ini';
import { dirName, type EnvTarget, type Probe } from './model';
import { hostOfUrl, isLoopbackHost } from './production';

interface ClientSpec {
  host: { long?: string[]; short?: string[] };
  /** Options whose value may be a connection string. */
  uri?: { long?: string[]; short?: string[] };
  /** Options that take a value (to find positionals). */
  withValue: { long?: string[]; short?: string[] };
  /** Variables the client reads for its host. */
  hostVars: string[];
  /** The database name option, for messages. */
  database?: { long?: string[]; short?: string[] };
}

const PG: ClientSpec = {
  host: { long: ['host'], short: ['h'] },
  uri: { long: ['dbname'], short: ['d'] },
  withValue: { long: ['host', 'port', 'username', 'dbname', 'file', 'command', 'output', 'set', 'variable'], short: ['h', 'p', 'U', 'd', 'f', 'c', 'o', 'v'] },
  hostVars: ['PGHOST', 'PGHOSTADDR'],
  database: { long: ['dbname'], short: ['d'] },
};
const MYSQL: ClientSpec = {
  host: { long: ['host'], short: ['h'] },
  withValue: { long: ['host', 'port', 'user', 'password', 'database', 'execute', 'socket'], short: ['h', 'P', 'u', 'D', 'e', 'S'] },
  hostVars: ['MYSQL_HOST'],
  database: { long: ['database'], short: ['D'] },
};

export const DB_CLIENTS: Readonly<Record<string, ClientSpec>> = {
  psql: PG,
  pg_dump: PG,
  pg_dumpall: PG,
  pg_restore: PG,
  dropdb: PG,
  createdb: PG,
  vacuumdb: PG,
  reindexdb: PG,
  pgcli: PG,
  mysql: MYSQL,
  mariadb: MYSQL,
  mysqldump: MYSQL,
  mysqladmin: MYSQL,
  mycli: MYSQL,
  mongosh: { host: { long: ['host'] }, withValue: { long: ['host', 'port', 'username', 'password', 'eval', 'file', 'authenticationDatabase'], short: ['u', 'p', 'f'] }, hostVars: [] },
  mongo: { host: { long: ['host'] }, withValue: { long: ['host', 'port', 'username', 'password', 'eval', 'authenticationDatabase'], short: ['u', 'p'] }, hostVars: [] },
  mongorestore: { host: { long: ['host'], short: ['h'] }, uri: { long: ['uri'] }, withValue: { long: ['host', 'uri', 'db', 'archive'], short: ['h', 'd'] }, hostVars: [] },
  mongodump: { host: { long: ['host'], short: ['h'] }, uri: { long: ['uri'] }, withValue: { long: ['host', 'uri', 'db', 'archive'], short: ['h', 'd'] }, hostVars: [] },
  'redis-cli': { host: { short: ['h'] }, uri: { short: ['u'] }, withValue: { short: ['h', 'p', 'a', 'u', 'n'] }, hostVars: [] },
  'valkey-cli': { host: { short: ['h'] }, uri: { short: ['u'] }, withValue: { short: ['h', 'p', 'a', 'u', 'n'] }, hostVars: [] },
  'clickhouse-client': { host: { long: ['host'], short: ['h'] }, withValue: { long: ['host', 'port', 'user', 'password', 'query', 'database'], short: ['h', 'u', 'q', 'd'] }, hostVars: ['CLICKHOUSE_HOST'] },
  cqlsh: { host: {}, withValue: { long: ['username', 'password', 'keyspace', 'execute', 'file'], short: ['u', 'p', 'k', 'e', 'f'] }, hostVars: ['CQLSH_HOST'] },
};

/** Tools that connect through DATABASE_URL (or `--url`). */
export const URL_TOOLS: ReadonlySet<string> = new Set(['prisma', 'rails', 'rake', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'drizzle-kit', 'diesel', 'sqlx', 'dbmate', 'goose', 'migrate', 'alembic', 'atlas', 'flyway', 'liquibase', 'mikro-orm', 'supabase']);

const URI = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|valkey|clickhouse|jdbc:[a-z]+):\/\//i;

/** Hosts in a connection string: URI hosts (several for a replica set), or conninfo's `host=`. */
function hostsIn(conn: string): string[] {
  const s = conn.replace(/^jdbc:/i, '');
  if (URI.test(conn)) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(s);
    const hosts = (m?.[1] ?? '').split(',').map((h) => h.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')).filter(Boolean);
    const q = /[?&]host=([^&]+)/.exec(s);
    if (q) hosts.push(decodeURIComponent(q[1]));
    return hosts;
  }
  const kv = /(?:^|\s)host\s*=\s*'?([^\s']+)/.exec(conn);
  return kv ? kv[1].split(',') : [];
}

function local(host: string): boolean {
  return isLoopbackHost(host) || host.startsWith('/') || host.startsWith('@');
}

export function databaseTarget(pr: Probe): EnvTarget | undefined {
  const { cmd } = pr;
  const spec = DB_CLIENTS[cmd.program];
  const target: EnvTarget = { family: 'database', facts: [], unknown: [] };
  const add = (host: string, from: string, changed: boolean): void => {
    target.facts.push({ label: 'database host', value: plain(host), kind: 'host', from, changed, shown: true });
  };
  if (spec) {
    const hosts: string[] = [];
    const uriOpt = spec.uri ? optionValue(cmd.args, spec.uri) : undefined;
    const positional = positionalsOf(cmd.args, spec.withValue).map((w) => w.value);
    const conn = [uriOpt, ...positional].find((v) => v !== undefined && (URI.test(v) || /(?:^|\s)host\s*=/.test(v)));
    if (conn) for (const h of hostsIn(conn)) hosts.push(h);
    const flag = optionValue(cmd.args, spec.host);
    if (!hosts.length && flag !== undefined) hosts.push(...flag.split(','));
    let from = 'the line';
    let changed = false;
    if (!hosts.length) {
      for (const v of spec.hostVars) {
        const x = pr.variable(v);
        if (x.value) {
          hosts.push(...x.value.split(','));
          [from, changed] = [v, x.fromLine];
          break;
        }
      }
    }
    if (!hosts.length && spec === PG && pr.variable('PGSERVICE').value) target.unknown.push('PGSERVICE names a service whose host is in pg_service.conf');
    for (const h of hosts) add(h, from, changed);
    const db = spec.database ? optionValue(cmd.args, spec.database) : undefined;
    if (db && !URI.test(db) && !db.includes('=')) target.facts.push({ label: 'database', value: plain(db), kind: 'name', from: 'the line', shown: true });
    // With no host anywhere the client connects to this machine (socket or localhost).
    target.local = !target.unknown.length && hosts.every(local);
    return target;
  }
  if (URL_TOOLS.has(cmd.program)) {
    const flag = optionValue(cmd.args, { long: ['url', 'database-url'] });
    const v = flag !== undefined ? { value: flag, fromLine: true } : pr.variable('DATABASE_URL');
    if (!v.value) return undefined;
    const hosts = hostsIn(v.value);
    for (const h of hosts) add(h, flag !== undefined ? 'the line' : 'DATABASE_URL', v.fromLine);
    if (!hosts.length && /^file:|^sqlite:|\.db$|\.sqlite3?$/i.test(v.value)) target.local = true;
    else target.local = hosts.length > 0 && hosts.every(local);
    return target;
  }
  return undefined;
}

function gitConfigText(pr: Probe): { text?: string; path?: string; error?: string; changed?: boolean } {
  let dir = pr.dir();
  for (let i = 0; dir && i < 64; i++) {
    const cfg = pr.file(`${dir}/.git/config`);
    if ('text' in cfg) return { text: cfg.text, path: cfg.path };
    if ('error' in cfg) return { error: `${pr.pretty(cfg.path)} ${cfg.error}` };
    const dotGit = pr.file(`${dir}/.git`);
    if ('text' in dotGit) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(dotGit.text);
      if (!m) return {};
      const gitDir = pr.resolve(m[1].startsWith('/') ? m[1] : `${dir}/${m[1]}`);
      if (!gitDir) return {};
      const common = pr.file(`${gitDir}/commondir`);
      const commonDir = 'text' in common ? pr.resolve(common.text.trim().startsWith('/') ? common.text.trim() : `${gitDir}/${common.text.trim()}`) : gitDir;
      const c = commonDir ? pr.file(`${commonDir}/config`) : undefined;
      if (c && 'text' in c) return { text: c.text, path: c.path };
      return {};
    }
    const up = dirName(dir);
    if (up === dir) break;
    dir = up;
  }
  return {};
}

/** Git's config sections: `[remote "origin"]` is section `remote "origin"`. */
function gitValue(text: string, section: string, key: string): string | undefined {
  const ini = parseIni(text);
  for (const [name, values] of ini.sections) {
    const m = /^(\S+)\s+"(.*)"$/.exec(name);
    const norm = m ? `${m[1].toLowerCase()} "${m[2]}"` : name.toLowerCase();
    if (norm === section) {
      const v = values.get(key.toLowerCase());
      if (v !== undefined) return v.replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

export function gitPushTarget(pr: Probe): EnvTarget | undefined {
  const { cmd } = pr;
  if (cmd.program !== 'git') return undefined;
  const args = cmd.args;
  // The subcommand is the first word that is neither a global option nor its value (`git -C dir push`).
  let at = 0;
  while (at < args.length && args[at].value.startsWith('-')) at += /^-[Cc]$|^--(?:git-dir|work-tree|namespace|exec-path)$/.test(args[at].value) ? 2 : 1;
  if (args[at]?.value !== 'push') return undefined;
  const rest = args.slice(at + 1);
  const pos = positionalsOf(rest, { long: ['repo', 'receive-pack', 'exec', 'push-option', 'signed'], short: ['o'] }).map((w) => w.value);
  const target: EnvTarget = { family: 'git', facts: [], unknown: [] };
  const cfg = gitConfigText(pr);
  if (cfg.error) target.unknown.push(cfg.error);
  const branch = pr.ctx.gitBranch;
  const text = cfg.text ?? '';
  let named: string | undefined = pos[0] ?? optionValue(rest, { long: ['repo'] });
  if (named === undefined && branch) named = gitValue(text, `branch "${branch}"`, 'pushRemote') ?? gitValue(text, 'remote', 'pushDefault') ?? gitValue(text, `branch "${branch}"`, 'remote');
  const remote: string = named ?? 'origin';
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\/|^[^/\s]+@[^:\s]+:|^\//i.test(remote);
  const url = isUrl ? remote : (gitValue(text, `remote "${remote}"`, 'pushurl') ?? gitValue(text, `remote "${remote}"`, 'url'));
  if (!isUrl) target.facts.push({ label: 'git remote', value: plain(remote), kind: 'name', from: pos[0] !== undefined ? 'the line' : 'the repository config', changed: pr.state.git.changed, shown: true });
  if (url) target.facts.push({ label: 'remote URL', value: plain(url), kind: 'remote', from: 'the repository config', changed: pr.state.git.changed });
  // The branches it updates: each refspec's destination, else the current branch (its upstream's name).
  const specs = pos.slice(1);
  const branches: string[] = [];
  for (const s of specs) {
    const spec = s.replace(/^\+/, '');
    const dst = spec.includes(':') ? spec.slice(spec.indexOf(':') + 1) : spec;
    const name = dst === 'HEAD' || dst === '' ? branch : dst.replace(/^refs\/heads\//, '');
    if (name && !name.startsWith('refs/tags/')) branches.push(name);
  }
  if (!specs.length && branch && !rest.some((a) => a.value === '--all' || a.value === '--mirror' || a.value === '--tags')) {
    const merge = gitValue(text, `branch "${branch}"`, 'merge');
    branches.push(merge ? merge.replace(/^refs\/heads\//, '') : branch);
  }
  for (const b of branches.slice(0, 16)) target.facts.push({ label: 'branch', value: plain(b), kind: 'branch', from: specs.length ? 'the line' : 'the current branch', shown: true });
  target.local = !!url && (url.startsWith('/') || url.startsWith('file://'));
  return target;
}

export { hostOfUrl };
