/**
 * Keeps the CLI's user policy file (`~/.config/blast-radius/policy.json`) in step with the
 * user-scope settings, so agent hooks and shims judge commands as the editor does.
 *
 * Only user-scope values are written: a workspace may tighten the editor's own judgement, but it
 * must never reach a file that every other project and terminal reads. A pause is not written
 * either: it is meant for this editor only, and a crash mid-pause would leave the file off.
 */
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { DEFAULT_POLICY, normalizePolicy } from '../core/policy';
import { writeFileAtomic } from '../node/atomic-write';
import { userPolicyPath } from '../node/policy-files';
import type { Config } from './config';
import type { EditWatching } from './edit-watching';
import { errorText, type State } from './state';

const MANAGED_MARK = 'Managed by the Blast Radius extension';
const COMMENT = `${MANAGED_MARK}: it mirrors your user settings blastRadius.strictness, blastRadius.rules, blastRadius.allow and blastRadius.production so that hooks and shims judge as the editor does. Change those settings instead; edits here are overwritten.`;
/** Settings changes often come in bursts (the settings editor writes as you type). */
const DEBOUNCE_MS = 300;

interface UserValues {
  strictness?: unknown;
  rules?: unknown;
  allow?: unknown;
  production?: unknown;
}

function userValues(config: Config): UserValues {
  return { strictness: config.userValue('strictness'), rules: config.userValue('rules'), allow: config.userValue('allow'), production: config.userValue('production') };
}

/** The file's text for these user values; bad values fall back to defaults as in the editor. */
function policyText(values: UserValues): string {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) raw[k] = v;
  const { policy } = normalizePolicy(raw);
  const out: Record<string, unknown> = { $comment: COMMENT, strictness: policy.strictness ?? DEFAULT_POLICY.strictness, rules: policy.rules, allow: policy.allow };
  if (policy.production) out.production = policy.production;
  return `${JSON.stringify(out, null, 2)}\n`;
}

function isManaged(text: string): boolean {
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  return !!value && typeof value === 'object' && typeof (value as { $comment?: unknown }).$comment === 'string' && (value as { $comment: string }).$comment.startsWith(MANAGED_MARK);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Writes beside the target and renames over it, so a reader never sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text, { mode: 0o600 });
}

export function registerPolicySync(state: State, edits?: Pick<EditWatching, 'adopt'>): void {
  const file = userPolicyPath(process.env, process.platform, os.homedir());
  let written: string | undefined;
  let running: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const sync = async (): Promise<void> => {
    const values = userValues(state.config);
    const text = policyText(values);
    if (text === written) return;
    const existing = await readIfExists(file);
    if (existing === text) {
      written = text;
      return;
    }
    if (existing !== undefined && !isManaged(existing)) {
      // A policy the user wrote by hand stays theirs until the editor has something to say.
      const hasUserSettings = Object.values(values).some((v) => v !== undefined);
      if (!hasUserSettings) {
        if (written === undefined) state.log.info(`${file} was written by hand; leaving it alone until you change a Blast Radius user setting`);
        written = text;
        return;
      }
      const backup = `${file}.bak`;
      await writeAtomically(backup, existing);
      state.log.warn(`${file} was written by hand; kept a copy in ${backup} and now keeping it in step with your user settings`);
    }
    await writeAtomically(file, text);
    // Our own write of the user's own settings: not an edit to judge.
    await edits?.adopt(file);
    written = text;
    state.log.info(`user policy written to ${file}`);
  };

  const schedule = (delay: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(sync).catch((e: unknown) => state.log.error(`policy sync: could not update ${file}: ${errorText(e)}`));
    }, delay);
  };

  state.own(
    state.config.onDidChange(state.guard('policy sync', () => schedule(DEBOUNCE_MS))),
    { dispose: () => clearTimeout(timer) },
  );
  // After activation has returned: reading and writing the file is never on the start-up path.
  schedule(0);
}
