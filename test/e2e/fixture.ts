/**
 * The workspace the end-to-end scenarios run in, written fresh for every run: a small service in a
 * git repository with 32 source files in `src/`, Terraform, a SQL migration, a node_modules folder,
 * stubs of `terraform` and `kubectl` in `bin/` that the terminal finds first on its PATH (the runner puts it there
 * with `terminal.integrated.env.linux`), and workspace settings that ask for strictness "off".
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Terraform file scenario 1 edits and scenario 4 reverts: a database that must not be destroyed. */
export const DB_TF = `terraform {
  required_version = ">= 1.5"
}

resource "aws_db_instance" "main" {
  identifier     = "orders-db"
  engine         = "postgres"
  instance_class = "db.t3.micro"

  lifecycle {
    prevent_destroy = true
  }
}
`;

/** The same guard in its own file, for scenario 2 to remove by keyboard without depending on scenario 4. */
export const REPLICA_TF = `resource "aws_db_instance" "replica" {
  identifier          = "orders-db-replica"
  replicate_source_db = "orders-db"
  instance_class      = "db.t3.micro"

  lifecycle {
    prevent_destroy = true
  }
}
`;

/** The line both scenarios take out. */
export const PREVENT_DESTROY_LINE = '    prevent_destroy = true\n';

export const MIGRATION_SQL = `-- 001: users
CREATE TABLE users (
  id    serial PRIMARY KEY,
  email text NOT NULL
);
`;

/**
 * Where a scenario puts a file to let the stub terraform finish (relative to the workspace; tmp/ is a
 * build folder Blast Radius never judges).
 */
export const TERRAFORM_RELEASE = 'tmp/terraform-release';

/**
 * Stands in for terraform: prints its arguments, then waits until the scenario lets it finish (so
 * "flagged as soon as it starts" is told apart from "after it ended" by an event, not by how long it
 * sleeps), and touches nothing. Two minutes without the release end it anyway.
 */
const TERRAFORM_STUB = `#!/bin/sh
# e2e test stub for terraform: it never touches any infrastructure.
echo "terraform stub: $*"
release="$(dirname "$0")/../${TERRAFORM_RELEASE}"
n=0
while [ ! -e "$release" ] && [ "$n" -lt 1200 ]; do sleep 0.1; n=$((n + 1)); done
echo "terraform stub: finished"
`;

/** Stands in for kubectl (scenario 13): prints its arguments and never talks to a cluster. */
const KUBECTL_STUB = `#!/bin/sh
# e2e test stub for kubectl: it never talks to any cluster.
echo "kubectl stub: $*"
`;

/**
 * The kubeconfig scenario 13 writes where KUBECONFIG points (outside the workspace) while it runs:
 * its current context is a production cluster. Nothing ever connects to the server named here.
 */
export const PRODUCTION_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod-eu-1
  cluster:
    server: https://prod-eu-1.k8s.orders.example
contexts:
- name: prod-eu-1
  context:
    cluster: prod-eu-1
    namespace: payments
    user: deployer
users:
- name: deployer
  user: {}
current-context: prod-eu-1
`;

/** The modules of the service, one small file each: what an agent's "clean up" takes out (scenario 9). */
const MODULES = [
  'auth', 'billing', 'cart', 'catalog', 'checkout', 'config', 'coupons', 'customers', 'db', 'discounts',
  'emails', 'events', 'health', 'inventory', 'invoices', 'logger', 'metrics', 'notifications', 'orders', 'payments',
  'pricing', 'queue', 'refunds', 'reports', 'reviews', 'search', 'sessions', 'shipping', 'taxes', 'webhooks',
] as const;

/**
 * `src/<module>.js` for every module. A restore must bring back bytes, not text, so a few files carry
 * what a text round trip loses: CRLF line ends, a byte order mark, no final line break, non-ASCII text.
 */
function moduleSources(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [i, name] of MODULES.entries()) {
    let text = [
      `// ${name}: part of the orders service.`,
      `const NAME = '${name}';`,
      '',
      `exports.describe = () => \`\${NAME} module #${i + 1}\`;`,
      `exports.handle = (request) => ({ ok: true, module: NAME, id: request.id });`,
      '',
    ].join('\n');
    if (name === 'config') text = text.replace(/\n/g, '\r\n');
    if (name === 'db') text = `\ufeff${text}`;
    if (name === 'health') text = text.trimEnd();
    if (name === 'emails') text += "exports.greeting = 'Grüße, café — ✓';\n";
    files[`src/${name}.js`] = text;
  }
  return files;
}

/** The files of `src/` that scenario 9's agent deletes in one step (all but index.js and users.js). */
export const DELETED_MODULES: readonly string[] = MODULES.map((name) => `src/${name}.js`);

/**
 * The project's notes, which only scenario 12 touches: its agent edits one in the editor, then a
 * command rewrites two (one with CRLF line ends, one with a byte order mark), deletes two and creates
 * one; Rewind puts them back byte for byte.
 */
export const NOTES: Readonly<Record<string, string>> = {
  'notes/guide.md': '# Guide\n\nRun the service with `node src/index.js`.\n\nIt listens on port 8080.\n',
  'notes/api.md': '# API v1\r\n\r\nGET /orders/:id returns one order (v1).\r\n',
  'notes/setup.md': '\ufeff# Setup v1\n\nInstall with npm ci; v1 needs Node 20.\n',
  'notes/faq.md': '# FAQ\n\nWhy orders? Because café owners asked — ✓\n',
  'notes/legacy.md': '# Legacy\n\nThe old billing flow, kept for reference.',
};

/** The line of notes/guide.md that scenario 12's agent edits in the editor. */
export const GUIDE_PORT_LINE = 'It listens on port 8080.';

const FILES: Readonly<Record<string, string>> = {
  'README.md': '# orders\n\nA tiny service for Blast Radius end-to-end tests.\n',
  '.gitignore': 'node_modules/\ntmp/\n',
  // Markers of the test agent and the stub terraform's release go here; Blast Radius never judges it.
  'tmp/README.md': 'Scratch folder of the end-to-end tests.\n',
  'package.json': `${JSON.stringify({ name: 'orders', version: '1.0.0', private: true, main: 'src/index.js', dependencies: { 'left-pad': '1.3.0' } }, null, 2)}\n`,
  'src/index.js': "const { findUser } = require('./users');\n\nconsole.log(findUser(1));\n",
  'src/users.js': "const users = new Map([[1, { id: 1, email: 'ada@example.com' }]]);\n\nexports.findUser = (id) => users.get(id);\n",
  ...moduleSources(),
  'infra/db.tf': DB_TF,
  'infra/replica.tf': REPLICA_TF,
  'migrations/001_init.sql': MIGRATION_SQL,
  ...NOTES,
  'node_modules/left-pad/package.json': `${JSON.stringify({ name: 'left-pad', version: '1.3.0', main: 'index.js' }, null, 2)}\n`,
  'node_modules/left-pad/index.js': "module.exports = (s, n, c = ' ') => String(s).padStart(n, c);\n",
  'bin/terraform': TERRAFORM_STUB,
  'bin/kubectl': KUBECTL_STUB,
  // A cloned repository asking for no protection: Blast Radius must not let it lower the user's level (scenario 6).
  '.vscode/settings.json': '{\n  "blastRadius.strictness": "off"\n}\n',
};

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=Blast Radius e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.error?.message ?? result.stderr}`);
}

/** Work in `src/` written after the commit (untracked), which no scenario deletes by itself. */
export const UNCOMMITTED: Readonly<Record<string, string>> = {
  'src/loyalty.js': "// Loyalty points: started today, not committed yet.\nexports.points = (order) => Math.floor(order.total / 10);\n",
};

/** Writes the fixture into `folder` (created if needed) and commits it; returns the folder. */
export function createFixtureWorkspace(folder: string): string {
  for (const [relative, text] of Object.entries(FILES)) {
    const file = path.join(folder, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const stub of ['terraform', 'kubectl']) chmodSync(path.join(folder, 'bin', stub), 0o755);
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'add', '-A');
  git(folder, 'commit', '-q', '-m', 'Orders service');
  // A day's work not yet committed: git cannot bring it back, so deleting src/ is gated (a clean
  // src/ would only warn: git restores it exactly).
  for (const [relative, text] of Object.entries(UNCOMMITTED)) writeFileSync(path.join(folder, relative), text);
  return folder;
}
