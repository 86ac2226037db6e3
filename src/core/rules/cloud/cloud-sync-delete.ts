import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { optionValue, parseArgs, shown, switchValue } from '../cli-options';
import { cloudCall, gsutilCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { bucketOf, on, RCLONE_BOOL, withProd, words } from './helpers';

// ---------------------------------------------------------------------------------------------
// Sync with delete

function syncDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const span = (ws: Word[]): ReturnType<typeof spanFromProgram> => spanFromProgram(cmd, ws);
  if (cmd.program === 'gsutil') {
    const g = gsutilCall(cmd);
    if (g.sub?.value !== 'rsync' || !g.args.options.has('d') || g.args.options.has('n')) return undefined;
    const dest = g.args.positionals[g.args.positionals.length - 1];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (rsync -d).`, span: span([g.sub, ...g.args.positionals]) },
      [dest?.value, ...g.targets],
    );
  }
  if (cmd.program === 's5cmd') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: new Set(['endpoint-url', 'profile', 'numworkers']) });
    const [sub, , dest] = p.positionals;
    if (sub?.value !== 'sync' || !p.options.has('delete') || p.options.has('dry-run')) return undefined;
    return withProd(cmd, { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (sync --delete).`, span: span(p.positionals) }, [dest?.value]);
  }
  if (cmd.program === 'rclone') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: RCLONE_BOOL });
    const [sub, , dest] = p.positionals;
    if (sub?.value !== 'sync' || p.options.has('dry-run') || p.options.has('n') || p.options.has('interactive') || p.options.has('i')) return undefined;
    return withProd(cmd, { severity: 'medium', message: `makes ${shown(dest?.value)} match the source, deleting files that only exist there (rclone sync).`, span: span(p.positionals) }, [dest?.value]);
  }
  if (cmd.program === 'azcopy') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: new Set(['recursive', 'dry-run']) });
    const [sub, , dest] = p.positionals;
    const del = optionValue(p, 'delete-destination');
    if (sub?.value !== 'sync' || !del || !/^(true|prompt)$/i.test(del) || switchValue(p, 'dry-run')) return undefined;
    return withProd(cmd, { severity: 'high', message: `deletes every blob or file in ${shown(dest?.value?.replace(/\?.*$/, ''))} that is missing from the source (--delete-destination).`, span: span(p.positionals) }, [dest?.value]);
  }
  const c = cloudCall(cmd);
  if (!c || c.inert) return undefined;
  if (c.tool === 'aws' && matchPath(c, ['s3', 'sync']) !== -1 && on(c, 'delete')) {
    const dest = c.positionals[3];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from ${shown(c.positionals[2]?.value)} (s3 sync --delete).`, span: span([...c.positionals.slice(1), ...words(c, 'delete')]) },
      [dest && bucketOf(dest.value), optionValue(c.args, 'profile')],
    );
  }
  if (c.tool === 'gcloud' && matchPath(c, ['storage', 'rsync']) !== -1 && on(c, 'delete-unmatched-destination-objects') && !on(c, 'dry-run')) {
    const dest = c.positionals[3];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (--delete-unmatched-destination-objects).`, span: span(c.positionals) },
      [dest && bucketOf(dest.value), ...c.targets],
    );
  }
  if (c.tool === 'az' && matchPath(c, ['storage', 'blob', 'sync']) !== -1) {
    const del = optionValue(c.args, 'delete-destination');
    const container = optionValue(c.args, 'container', 'c');
    if (del !== undefined && /^(false|prompt)$/i.test(del)) return undefined;
    return withProd(
      cmd,
      del !== undefined
        ? { severity: 'high', message: `deletes every blob in ${kindName('container', shown(container))} that is missing from the source (--delete-destination true).`, span: span(c.positionals) }
        : { severity: 'medium', message: `may delete blobs in ${kindName('container', shown(container))} that are missing from the source; pass --delete-destination false to be sure.`, span: span(c.positionals) },
      [container, ...c.targets],
    );
  }
  return undefined;
}

export const cloudSyncDelete: CommandRule = {
  id: 'CLD003',
  name: 'cloud-sync-delete',
  category: 'cloud',
  severity: 'critical',
  triggers: [
    { programs: ['aws'], subcommands: ['sync'] },
    { programs: ['gcloud'], subcommands: ['rsync'] },
    { programs: ['gsutil'], subcommands: ['rsync'] },
    { programs: ['az', 'azcopy', 'rclone', 's5cmd'], subcommands: ['sync'] },
  ],
  summary: 'Syncs to cloud storage with deletion of whatever is missing from the source (`s3 sync --delete`, `gsutil rsync -d`, `rclone sync`).',
  rationale:
    'A sync with delete makes the destination mirror the source: a wrong or empty source directory, or swapped arguments, deletes everything in the bucket that the source lacks.',
  alternative: 'Run it with `--dryrun` / `-n` first and read the deletions, or sync without `--delete` and remove stale objects by an explicit list.',
  examples: {
    fire: ['aws s3 sync ./dist s3://www-bucket --delete', 'gsutil -m rsync -r -d ./site gs://www-bucket', 'aws s3 sync --delete . s3://prod-assets/'],
    pass: ['aws s3 sync ./dist s3://www-bucket', 'aws s3 sync ./dist s3://www-bucket --delete --dryrun', 'gsutil rsync -r -d -n ./site gs://www-bucket', 'rclone sync --dry-run ./site remote:www'],
  },
  check: syncDelete,
};
