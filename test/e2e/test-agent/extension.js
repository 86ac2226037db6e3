// @ts-check
/**
 * Test-only: plays an AI coding agent inside the editor for Blast Radius's end-to-end tests
 * (test/e2e). It changes files the way agent extensions do (a WorkspaceEdit, then save; writes and
 * deletions through workspace.fs; command lines sent to a terminal) or CLI agents do (deletions
 * with node:fs), and answers a few questions about what the editor shows.
 *
 * The e2e runner reaches it over a loopback HTTP endpoint instead of the command palette: typing
 * JSON arguments into the palette is slow and brittle. The endpoint exists only when the runner sets
 * BLAST_RADIUS_E2E_AGENT_FILE (where to write the port) and BLAST_RADIUS_E2E_AGENT_TOKEN (a secret
 * every request must carry); it binds to 127.0.0.1, reads at most 1 MiB per request and dispatches
 * only to this extension's own `testAgent.*` commands.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * The last-resort bound of any one wait here (a shell integration event, Blast Radius's own events):
 * far above what a loaded machine takes. Reaching it means the event never came, and the error says which.
 */
const GUARD_MS = 120_000;
/** One command over the endpoint: above the waits inside it, so their own error comes back first. */
const COMMAND_TIMEOUT_MS = GUARD_MS + 30_000;
const BLAST_RADIUS_ID = 'blast-radius.blast-radius';

/** Resolves with the first value `event` fires that `match` accepts; fails at the guard, naming `what`. */
function nextEvent(what, event, match, ms = GUARD_MS) {
  const promise = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`${what} never happened: still waiting after ${ms / 1000} s`));
    }, ms);
    const listener = event((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
  // Awaited later (or never, when the runner gave up first): a guard firing then is no unhandled rejection.
  promise.catch(() => undefined);
  return promise;
}

/** Blast Radius's API (what its activate() returns); the runner only asks once it is active. */
function blastRadiusApi() {
  const extension = vscode.extensions.getExtension(BLAST_RADIUS_ID);
  if (!extension?.isActive) throw new Error('Blast Radius is not active');
  return extension.exports;
}

/** The first workspace folder on disk; every path the runner sends is relative to it. */
function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

/** A workspace-relative path as a URI; paths that climb out of the workspace are refused. */
function uriOf(relative) {
  if (typeof relative !== 'string' || relative === '' || path.isAbsolute(relative)) throw new Error(`not a workspace-relative path: ${String(relative)}`);
  const normal = path.posix.normalize(relative.replace(/\\/g, '/'));
  if (normal.startsWith('../') || normal === '..') throw new Error(`path leaves the workspace: ${relative}`);
  return vscode.Uri.joinPath(workspaceRoot(), ...normal.split('/'));
}

function positionOf(doc, value, what) {
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`${what} must be [line, character]`);
  return doc.validatePosition(new vscode.Position(Number(value[0]), Number(value[1])));
}

/**
 * One edit to one file, applied as a single WorkspaceEdit (as agents apply their changes), then
 * saved unless `save` is false. Exactly one of:
 * - `remove`: text to delete (its first occurrence);
 * - `replace` + `newText`: replace that text's first occurrence;
 * - `range` ({start, end} as [line, character]) + `newText`;
 * - `newText` alone: the whole document.
 */
async function applyEdit(args) {
  const uri = uriOf(args?.path);
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  let range;
  let newText = typeof args.newText === 'string' ? args.newText : '';
  const find = typeof args.remove === 'string' ? args.remove : typeof args.replace === 'string' ? args.replace : undefined;
  if (find !== undefined) {
    const at = text.indexOf(find);
    if (at < 0) throw new Error(`${args.path} does not contain ${JSON.stringify(find)}`);
    range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + find.length));
    if (typeof args.remove === 'string') newText = '';
  } else if (args.range) {
    range = new vscode.Range(positionOf(doc, args.range.start, 'range.start'), positionOf(doc, args.range.end, 'range.end'));
  } else if (typeof args.newText === 'string') {
    range = new vscode.Range(doc.positionAt(0), doc.positionAt(text.length));
  } else {
    throw new Error('applyEdit needs remove, replace + newText, range + newText, or newText');
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, newText);
  const applied = await vscode.workspace.applyEdit(edit);
  const saving = applied && args.save !== false ? await save(doc) : { saved: false, attempts: 0 };
  return { applied, ...saving, range: { start: [range.start.line, range.start.character], end: [range.end.line, range.end.character] } };
}

/**
 * Saves like an agent that checks its work: `save()` now and then answers false right after an
 * edit (seen about once in ten e2e runs), so it tries again until the file on disk holds the
 * document's text (or the guard runs out, when it reports what it found).
 */
async function save(doc) {
  const end = Date.now() + GUARD_MS;
  for (let attempt = 1; ; attempt++) {
    if (await doc.save()) return { saved: true, attempts: attempt };
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
    if (onDisk === doc.getText() && !doc.isDirty) return { saved: true, attempts: attempt };
    if (Date.now() > end) return { saved: false, attempts: attempt, dirty: doc.isDirty };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function writeFile(args) {
  const uri = uriOf(args?.path);
  if (typeof args.text !== 'string') throw new Error('writeFile needs text');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(args.text));
  return { written: uri.fsPath };
}

/**
 * Deletes files in one step: through workspace.fs (as agent extensions do), or with `via: 'node:fs'`
 * straight from this process in one synchronous loop, as a CLI agent's `fs.rmSync` calls would.
 */
async function deleteFiles(args) {
  const paths = Array.isArray(args?.paths) ? args.paths : [];
  if (paths.length === 0) throw new Error('deleteFiles needs paths');
  const uris = paths.map(uriOf);
  if (args.via === 'node:fs') {
    for (const uri of uris) fs.rmSync(uri.fsPath, { recursive: true });
  } else {
    for (const uri of uris) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  }
  return { deleted: paths.length };
}

/** What the editor holds for a file right now, without opening it: its text and whether it is dirty. */
function documentState(args) {
  const uri = uriOf(args?.path);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
  return doc ? { open: true, text: doc.getText(), dirty: doc.isDirty } : { open: false };
}

/** Writes a user (global) setting, as a person or the settings UI would; resolves once it is written. */
async function updateSetting(args) {
  const section = typeof args?.section === 'string' ? args.section : '';
  const key = typeof args?.key === 'string' ? args.key : '';
  if (!section || !key) throw new Error('updateSetting needs section and key');
  await vscode.workspace.getConfiguration(section).update(key, args.value, vscode.ConfigurationTarget.Global);
  return inspectSetting({ section, key });
}

/**
 * Shows the named terminal (created in the workspace folder if there is none; `focus` gives it the
 * keyboard) and resolves once shell integration reports its first prompt: the working folder comes
 * with it, and a line sent then is read at a prompt.
 */
async function readyTerminal(name, focus) {
  const terminal = vscode.window.terminals.find((t) => t.name === name) ?? vscode.window.createTerminal({ name, cwd: workspaceRoot() });
  terminal.show(!focus);
  if (!terminal.shellIntegration?.cwd) {
    await nextEvent(`shell integration to report the first prompt of terminal "${name}" (onDidChangeTerminalShellIntegration with a working folder)`, vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal && e.shellIntegration.cwd !== undefined);
  }
  return terminal;
}

/** Shows a terminal and gives it the keyboard focus, so a person can type into it; creates it if needed. */
async function showTerminal(args) {
  const name = typeof args?.name === 'string' ? args.name : 'Test Agent';
  const terminal = await readyTerminal(name, true);
  return { terminal: name, shellIntegration: !!terminal.shellIntegration };
}

/** Commands being watched, by the id runInTerminal or expectCommand gave them. */
const watched = new Map();
let watchedSeq = 0;

/**
 * Watches one command from now on: its end as shell integration reports it, and what Blast Radius's
 * terminal watching made of it once it is done with it. `mine` tells the command's execution apart.
 */
function watchCommand(what, terminalName, mine) {
  const ended = nextEvent(`the end of ${what} in terminal "${terminalName}" (onDidEndTerminalShellExecution)`, vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal.name === terminalName && mine(e.execution));
  const judged = nextEvent(`Blast Radius to finish with ${what} in terminal "${terminalName}" (onDidFinishCommand)`, blastRadiusApi().terminals.onDidFinishCommand, (c) => c.terminal.name === terminalName && mine(c.execution));
  const id = String(++watchedSeq);
  const result = Promise.all([ended, judged]).then(([end, c]) => ({
    exitCode: end.exitCode ?? null,
    blastRadius: { line: c.line, decision: c.decision ?? null, flagged: !!c.event },
  }));
  result.catch(() => undefined);
  watched.set(id, result);
  return id;
}

/**
 * Sends a command line to a terminal the way agent extensions do, through shell integration's
 * executeCommand, once the terminal is at its first prompt. Resolves once the line was sent, with an
 * id for `commandFinished`.
 */
async function runInTerminal(args) {
  if (typeof args?.command !== 'string' || args.command.trim() === '') throw new Error('runInTerminal needs command');
  const name = typeof args.name === 'string' ? args.name : 'Test Agent';
  const terminal = await readyTerminal(name, false);
  const sent = {};
  const id = watchCommand(JSON.stringify(args.command), name, (execution) => execution === sent.execution);
  sent.execution = terminal.shellIntegration.executeCommand(args.command);
  return { terminal: name, shellIntegration: true, id };
}

/**
 * Before a person types `line` into the named terminal: watches for that command (told apart by its
 * text, spacing aside, since nothing else names it). Returns an id for `commandFinished`.
 */
function expectCommand(args) {
  if (typeof args?.line !== 'string' || typeof args?.terminal !== 'string') throw new Error('expectCommand needs terminal and line');
  const normal = (text) => text.replace(/\s+/g, ' ').trim();
  const line = normal(args.line);
  return { id: watchCommand(JSON.stringify(args.line), args.terminal, (execution) => normal(execution.commandLine.value) === line) };
}

/**
 * Once the command `id` names has ended and Blast Radius is done with it: its exit code and what
 * Blast Radius made of it (decision, flagged or not).
 */
async function commandFinished(args) {
  const result = watched.get(String(args?.id));
  if (!result) throw new Error(`no watched command ${String(args?.id)}`);
  try {
    return await result;
  } finally {
    watched.delete(String(args.id));
  }
}

let barriers = 0;

/**
 * Once every change made so far (in the editor and on disk) has reached Blast Radius and been
 * judged: a marker written into tmp/ (a build folder it never judges) must come through its disk
 * watcher, which reports changes in the order they happen, then it judges whatever waits. Answers
 * whether anything is held for a person's answer.
 */
async function blastRadiusSettled() {
  const api = blastRadiusApi();
  const dir = path.join(workspaceRoot().fsPath, 'tmp');
  const marker = path.join(dir, `barrier-${++barriers}`);
  const seen = nextEvent(`Blast Radius's disk watcher to report ${marker}`, api.edits.onDidSeeDiskChange, (c) => c.uri.fsPath === marker);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(marker, '');
  await seen;
  fs.rmSync(marker, { force: true });
  await api.edits.flush();
  return { holding: api.edits.holding };
}

/** The diagnostics the editor holds for a file, as plain data. */
function diagnostics(args) {
  const uri = uriOf(args?.path);
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    source: d.source,
    code: typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    severity: ['error', 'warning', 'information', 'hint'][d.severity],
    line: d.range.start.line,
    endLine: d.range.end.line,
    message: d.message,
  }));
}

function inspectSetting(args) {
  const section = typeof args?.section === 'string' ? args.section : '';
  const key = typeof args?.key === 'string' ? args.key : '';
  const inspected = vscode.workspace.getConfiguration(section).inspect(key);
  return inspected ? { globalValue: inspected.globalValue, workspaceValue: inspected.workspaceValue, workspaceFolderValue: inspected.workspaceFolderValue } : undefined;
}

/** What the Blast Radius extension reports about itself: whether it is active and how long activate() took. */
async function blastRadius() {
  const extension = vscode.extensions.getExtension(BLAST_RADIUS_ID);
  if (!extension) return { installed: false };
  if (!extension.isActive) return { installed: true, active: false };
  const api = extension.exports;
  return { installed: true, active: true, version: api?.version, activationMs: api?.activationMs };
}

const COMMANDS = {
  'testAgent.applyEdit': applyEdit,
  'testAgent.writeFile': writeFile,
  'testAgent.deleteFiles': deleteFiles,
  'testAgent.runInTerminal': runInTerminal,
  'testAgent.expectCommand': expectCommand,
  'testAgent.commandFinished': commandFinished,
  'testAgent.blastRadiusSettled': blastRadiusSettled,
  'testAgent.showTerminal': showTerminal,
  'testAgent.diagnostics': diagnostics,
  'testAgent.document': documentState,
  'testAgent.inspectSetting': inspectSetting,
  'testAgent.updateSetting': updateSetting,
  'testAgent.blastRadius': blastRadius,
};

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

function reply(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** POST / {command, args} → {ok: true, result} or {ok: false, error}. */
function startEndpoint(portFile, token, log) {
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.headers['x-test-agent-token'] !== token) {
      request.resume();
      reply(response, 403, { ok: false, error: 'forbidden' });
      return;
    }
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(response, 413, { ok: false, error: 'request too large' });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      let call;
      try {
        call = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(response, 400, { ok: false, error: 'body is not JSON' });
        return;
      }
      const command = call?.command;
      if (typeof command !== 'string' || !Object.hasOwn(COMMANDS, command)) {
        reply(response, 400, { ok: false, error: `not a test agent command: ${String(command)}` });
        return;
      }
      log(`${command} ${JSON.stringify(call.args ?? {}).slice(0, 300)}`);
      withTimeout(Promise.resolve(vscode.commands.executeCommand(command, call.args ?? {})), COMMAND_TIMEOUT_MS, command).then(
        (result) => reply(response, 200, { ok: true, result: result ?? null }),
        (error) => reply(response, 200, { ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  server.requestTimeout = COMMAND_TIMEOUT_MS + 10_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Written to a temporary name and renamed, so the runner never reads half a file.
    fs.writeFileSync(`${portFile}.tmp`, JSON.stringify({ port, pid: process.pid }));
    fs.renameSync(`${portFile}.tmp`, portFile);
    log(`listening on 127.0.0.1:${port}`);
  });
  return { dispose: () => server.close() };
}

function activate(context) {
  const channel = vscode.window.createOutputChannel('Blast Radius e2e test agent', { log: true });
  context.subscriptions.push(channel);
  const log = (message) => channel.info(message);
  for (const [id, f] of Object.entries(COMMANDS)) context.subscriptions.push(vscode.commands.registerCommand(id, f));
  const portFile = process.env.BLAST_RADIUS_E2E_AGENT_FILE;
  const token = process.env.BLAST_RADIUS_E2E_AGENT_TOKEN;
  if (portFile && token) context.subscriptions.push(startEndpoint(portFile, token, log));
}

function deactivate() {}

module.exports = { activate, deactivate };
