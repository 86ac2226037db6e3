import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS019: TLS certificate verification switched off

interface Off {
  severity: Severity;
  what: string;
  words: Word[];
}

const FALSE = /^(false|0|no|off)$/i;
const TRUE = /^(true|1|yes|on)$/i;

/** Hosts a development machine talks to without a public certificate: loopback, private ranges, .local and .internal names. */
function localHost(url: string): boolean {
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^/@]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url)?.[1]?.toLowerCase() ?? '';
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|host\.docker\.internal)$/.test(host) || /\.(local|localhost|internal|test)$/.test(host);
}

/** `KEY VALUE`, `KEY=VALUE` or `--set KEY VALUE` after a config verb: the value set for `key`. */
function configValue(args: readonly Word[], key: RegExp): { word: Word; value: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    const eq = v.indexOf('=');
    if (eq > 0 && key.test(v.slice(0, eq))) return { word: args[i], value: v.slice(eq + 1) };
    if (key.test(v) && args[i + 1]) return { word: args[i], value: args[i + 1].value };
  }
  return undefined;
}

/**
 * Environment variables that switch certificate checks off for the programs that read them, and
 * the values that do (from each tool's documentation: Node's NODE_TLS_REJECT_UNAUTHORIZED, git's
 * GIT_SSL_NO_VERIFY, PEP 493's PYTHONHTTPSVERIFY, npm's and Yarn's strict-ssl, pip's
 * PIP_TRUSTED_HOST, Go's GOINSECURE).
 */
/** Files of environment settings that tools load (`.env`, `.env.local`, `production.env`). */
const DOTENV = /^\.env(\.[\w.-]+)?$|^[\w.-]+\.env$/;

const TLS_ENV: Readonly<Record<string, { off: (value: string) => boolean; what: string }>> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: (v) => v === '0', what: 'Node accepts any TLS certificate on every connection' },
  GIT_SSL_NO_VERIFY: { off: (v) => v !== '', what: 'git fetches and pushes without checking the server\'s TLS certificate' },
  PYTHONHTTPSVERIFY: { off: (v) => v === '0', what: 'Python\'s standard HTTPS client accepts any certificate' },
  npm_config_strict_ssl: { off: (v) => FALSE.test(v), what: 'npm installs without checking the registry\'s TLS certificate' },
  NPM_CONFIG_STRICT_SSL: { off: (v) => FALSE.test(v), what: 'npm installs without checking the registry\'s TLS certificate' },
  YARN_ENABLE_STRICT_SSL: { off: (v) => FALSE.test(v), what: 'Yarn installs without checking the registry\'s TLS certificate' },
  PIP_TRUSTED_HOST: { off: (v) => v !== '' && !v.split(/\s+/).every(localHost), what: 'pip trusts those hosts without checking their TLS certificates' },
  GOINSECURE: { off: (v) => v !== '', what: 'go fetches those modules without checking TLS certificates' },
};

export const TLS_ENV_NAMES: readonly string[] = Object.keys(TLS_ENV);

/** `NAME=value` that switches certificate checks off, with what it does. */
function tlsEnvOff(name: string, value: Word): string | undefined {
  const spec = Object.prototype.hasOwnProperty.call(TLS_ENV, name) ? TLS_ENV[name] : undefined;
  if (!spec || value.dynamic || !spec.off(value.value)) return undefined;
  return spec.what;
}

function tlsOff(cmd: SimpleCommand): Off | undefined {
  const a = cmd.args;
  const pos = a.filter((w) => !w.value.startsWith('-'));
  const flag = (re: RegExp): Word | undefined => a.find((w) => re.test(w.value));
  switch (cmd.program) {
    case 'export': {
      // `export NODE_TLS_REJECT_UNAUTHORIZED=0`: every later program of the session inherits it.
      const set = a[0];
      const eq = set?.value.indexOf('=') ?? -1;
      const what = set && eq > 0 ? tlsEnvOff(set.value.slice(0, eq), { ...set, value: set.value.slice(eq + 1) }) : undefined;
      return what ? { severity: 'medium', what: `export ${shown(set.value, 60)}: ${what}, for every later command of this shell session; a machine in the middle can answer in the server's name`, words: [set] } : undefined;
    }
    case 'git': {
      // `git -c http.sslVerify=false clone …` for one command; `git config [--global] http.sslVerify false` for good.
      const c = a.findIndex((w, i) => a[i - 1]?.value === '-c' && /^http\.([^=]*\.)?sslverify=/i.test(w.value));
      if (c !== -1 && FALSE.test(a[c].value.split('=')[1] ?? '')) return { severity: 'medium', what: 'fetches or pushes this time without checking the server\'s TLS certificate (http.sslVerify=false): a machine in the middle can serve other code or read the credentials', words: [a[c]] };
      if (pos[0]?.value !== 'config') return undefined;
      const set = configValue(pos.slice(1).filter((w) => w.value !== 'set'), /^http\.([^=]*\.)?sslverify$/i);
      if (set && FALSE.test(set.value)) {
        const scope = a.some((w) => w.value === '--global') ? ' for every repository of the user' : a.some((w) => w.value === '--system') ? ' for every user of the machine' : ' for this repository';
        return { severity: 'medium', what: `git config turns TLS certificate checks off${scope} (http.sslVerify false): from now on a machine in the middle can serve other code or read the credentials`, words: [pos[0], set.word] };
      }
      return undefined;
    }
    case 'npm':
    case 'pnpm':
    case 'yarn': {
      const verb = pos[0]?.value;
      const set = (verb === 'config' || verb === 'set') ? configValue(pos.slice(verb === 'config' ? 2 : 1), /^(strict-ssl|strictSsl|enableStrictSsl)$/) : undefined;
      if (set && FALSE.test(set.value)) return { severity: 'medium', what: `${cmd.program} ${verb} turns TLS certificate checks off for every later install (strict-ssl false): a machine in the middle can serve other packages`, words: [pos[0], set.word] };
      const once = flag(/^--strict-ssl=false$|^--no-strict-ssl$/);
      if (once) return { severity: 'medium', what: `${cmd.program} installs without checking the registry's TLS certificate (${once.value})`, words: [once] };
      return undefined;
    }
    case 'pip':
    case 'pip3': {
      if (pos[0]?.value === 'config') {
        const set = configValue(pos.slice(2), /^(global|install|download)\.trusted-host$/);
        return set ? { severity: 'medium', what: `pip config trusts ${shown(set.value)} without TLS checks for every later install (trusted-host)`, words: [pos[0], set.word] } : undefined;
      }
      const th = a.findIndex((w) => w.value === '--trusted-host' || w.value.startsWith('--trusted-host='));
      if (th === -1 || !/^(install|download|wheel)$/.test(pos[0]?.value ?? '')) return undefined;
      const host = a[th].value.includes('=') ? a[th].value.split('=')[1] : a[th + 1]?.value ?? '';
      return localHost(host) ? undefined : { severity: 'medium', what: `pip ${pos[0].value} trusts ${shown(host)} without checking its TLS certificate (--trusted-host): a machine in the middle can serve other packages`, words: [a[th]] };
    }
    case 'conda':
    case 'mamba': {
      const i = a.findIndex((w) => w.value === '--set');
      if (pos[0]?.value === 'config' && i !== -1 && a[i + 1]?.value === 'ssl_verify' && FALSE.test(a[i + 2]?.value ?? '')) return { severity: 'medium', what: `${cmd.program} config turns TLS certificate checks off for every later install (ssl_verify false)`, words: [a[i], a[i + 1]] };
      return undefined;
    }
    case 'composer': {
      if (pos[0]?.value !== 'config') return undefined;
      const dis = configValue(pos.slice(1), /^disable-tls$/);
      const sec = configValue(pos.slice(1), /^secure-http$/);
      if (dis && TRUE.test(dis.value)) return { severity: 'medium', what: 'composer config turns TLS off for every later install (disable-tls true)', words: [pos[0], dis.word] };
      if (sec && FALSE.test(sec.value)) return { severity: 'medium', what: 'composer config allows plain-HTTP package downloads for every later install (secure-http false)', words: [pos[0], sec.word] };
      return undefined;
    }
    case 'gcloud': {
      const set = pos[0]?.value === 'config' && pos[1]?.value === 'set' ? configValue(pos.slice(2), /^auth\/disable_ssl_validation$/) : undefined;
      return set && TRUE.test(set.value) ? { severity: 'medium', what: 'gcloud config turns TLS certificate checks off for every later call (auth/disable_ssl_validation): credentials go to whoever answers', words: [set.word] } : undefined;
    }
    case 'kubectl':
    case 'oc':
    case 'helm': {
      const f = flag(/^--insecure-skip-tls-verify(=true)?$/);
      if (!f) return undefined;
      const persist = (cmd.program !== 'helm' && pos[0]?.value === 'config' && pos[1]?.value === 'set-cluster') || (cmd.program === 'helm' && pos[0]?.value === 'repo' && pos[1]?.value === 'add');
      return { severity: 'medium', what: `${cmd.program} ${persist ? 'saves a connection that skips' : 'skips'} the server's TLS certificate check (--insecure-skip-tls-verify)${persist ? ' for every later command' : ''}: credentials and manifests go to whoever answers`, words: [f] };
    }
    case 'aws': {
      const f = flag(/^--no-verify-ssl$/);
      return f ? { severity: 'medium', what: 'aws sends the request and its signed credentials without checking the endpoint\'s TLS certificate (--no-verify-ssl)', words: [f] } : undefined;
    }
    case 'curl':
    case 'wget': {
      const f = flag(cmd.program === 'curl' ? /^(-k|--insecure|--proxy-insecure)$|^-[a-zA-Z]*k[a-zA-Z]*$/ : /^--no-check-certificate$/);
      if (!f) return undefined;
      const urls = pos.filter((w) => /^(https:\/\/|[\w.-]+\.[a-z]{2,}|[\w.-]+:\d+)/i.test(w.value));
      // A local service with a self-signed certificate is everyday development; anywhere else the reply can be anyone's.
      if (!urls.length || urls.every((u) => localHost(u.value))) return undefined;
      return { severity: 'medium', what: `${cmd.program} ${f.value} downloads from ${shown(urls[0].value, 60)} without checking its TLS certificate: a machine in the middle can change what arrives`, words: [f] };
    }
  }
  return undefined;
}

export const tlsVerificationOff: CommandRule = {
  id: 'SYS019',
  name: 'tls-verification-off',
  category: 'system',
  severity: 'medium',
  triggers: [
    // The extractor records `declare -x NAME=value` and `typeset -x` as `export NAME=value`.
    { programs: ['export', 'declare', 'typeset'], subcommands: TLS_ENV_NAMES },
    { programs: ['git'], subcommands: ['config', '-c'] },
    { programs: ['npm', 'pnpm', 'yarn'], subcommands: ['config', 'set', '--strict-ssl=false', '--no-strict-ssl'] },
    { programs: ['pip', 'pip3'], subcommands: ['config', '--trusted-host'] },
    { programs: ['conda', 'mamba'], subcommands: ['--set'] },
    { programs: ['composer', 'gcloud'], subcommands: ['config'] },
    { programs: ['kubectl', 'oc', 'helm'], subcommands: ['--insecure-skip-tls-verify', '--insecure-skip-tls-verify=true'] },
    { programs: ['aws'], subcommands: ['--no-verify-ssl'] },
    { programs: ['curl'] },
    { programs: ['wget'], subcommands: ['--no-check-certificate'] },
  ],
  onAssignment: TLS_ENV_NAMES,
  onRedirect: true,
  summary: 'Switches TLS certificate verification off: through the environment (`NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY=1`, `PYTHONHTTPSVERIFY=0`, set before a command or exported), for good (`git config http.sslVerify false`, `npm config set strict-ssl false`, `pip config set global.trusted-host`, `conda config --set ssl_verify false`, `kubectl config set-cluster --insecure-skip-tls-verify`) or for a download, install or API call to a host that is not local (`curl -k`, `pip --trusted-host`, `aws --no-verify-ssl`).',
  rationale: 'Without the certificate check, anyone on the path can answer in the server\'s name: serve different packages or code, or collect the credentials the tool sends. A setting saved in a config file keeps it off for every later command, long after the reason is forgotten.',
  alternative: 'Add the certificate authority instead (`git config http.sslCAInfo`, `npm config set cafile`, `pip --cert`, `REQUESTS_CA_BUNDLE`, `curl --cacert`), and keep any exception to one command against a local host.',
  examples: {
    fire: ['export NODE_TLS_REJECT_UNAUTHORIZED=0', 'NODE_TLS_REJECT_UNAUTHORIZED=0 npm install', "echo 'NODE_TLS_REJECT_UNAUTHORIZED=0' >> .env", 'env GIT_SSL_NO_VERIFY=true git clone https://git.example.com/repo.git', 'git config --global http.sslVerify false', 'npm config set strict-ssl false', 'pip config set global.trusted-host pypi.example.com', 'conda config --set ssl_verify false', 'kubectl config set-cluster prod --insecure-skip-tls-verify=true', 'curl -k https://downloads.example.com/tool.tar.gz -o tool.tar.gz', 'git -c http.sslVerify=false clone https://git.example.com/repo.git'],
    pass: ['export NODE_TLS_REJECT_UNAUTHORIZED=1', "echo 'NODE_ENV=development' >> .env", 'NODE_EXTRA_CA_CERTS=corp.pem npm install', 'export NODE_ENV=production', 'git config --global http.sslCAInfo /etc/ssl/corp.pem', 'npm config set cafile corp.pem', 'curl -k https://localhost:8443/health', 'curl https://example.com', 'wget --no-check-certificate https://192.168.1.10/fw.bin', 'git config --global user.name dev'],
  },
  check(cmd): RuleMatch | RuleMatch[] | undefined {
    const out: RuleMatch[] = [];
    const o = tlsOff(cmd);
    if (o) out.push({ severity: o.severity, message: `${o.what}.`, span: spanFromProgram(cmd, o.words) });
    // `NODE_TLS_REJECT_UNAUTHORIZED=0 npm install`, `env GIT_SSL_NO_VERIFY=1 git clone …`: for this command.
    for (const set of cmd.assignments) {
      const what = tlsEnvOff(set.name, set.value);
      if (!what) continue;
      const start = Math.max(0, Math.min(set.value.span.start - set.name.length - 1, cmd.programWord.span.start));
      out.push({ severity: 'medium', message: `${set.name}=${shown(set.value.value, 40)}: ${what} while ${cmd.program} runs; a machine in the middle can answer in the server's name.`, span: { start, end: cmd.programWord.span.end } });
    }
    // `echo 'NODE_TLS_REJECT_UNAUTHORIZED=0' >> .env`, a heredoc into .env.production: every
    // program that loads the file gets it.
    const env = cmd.redirects.find((r) => r.target && /^>>?$|^>\|$/.test(r.op) && DOTENV.test(r.target.value.slice(r.target.value.lastIndexOf('/') + 1)));
    if (env?.target && (cmd.program === 'echo' || cmd.program === 'printf' || cmd.program === 'cat' || cmd.program === 'tee')) {
      const text = [...cmd.args.map((w) => w.value), ...cmd.redirects.map((r) => r.body ?? '')].join('\n').replace(/\\n/g, '\n');
      for (const line of text.split('\n').slice(0, 200)) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=["']?([^"'\s]*)["']?\s*$/.exec(line);
        const what = m ? tlsEnvOff(m[1], { value: m[2], raw: m[2], span: env.target.span, dynamic: false, glob: false, quoted: false }) : undefined;
        if (!m || !what) continue;
        out.push({ severity: 'medium', message: `Writes ${m[1]}=${shown(m[2], 40)} into ${shown(env.target.value, 60)}: ${what} in every program that loads that file; a machine in the middle can answer in the server's name.`, span: spanFromProgram(cmd, [env.target]) });
        break;
      }
    }
    return out.length ? out : undefined;
  },
};
