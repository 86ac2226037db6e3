import type { CommandRule } from '../rule';
import { type CloudOp, matchOps, on, opTriggers, words } from './helpers';

// ---------------------------------------------------------------------------------------------
// Keys and secrets

export const KEY_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'kms schedule-key-deletion', severity: 'critical', what: 'schedules deletion of the KMS key (everything encrypted with it becomes unreadable for good):', name: ['key-id'] },
  { tool: 'aws', path: 'kms disable-key', severity: 'high', what: 'disables the KMS key (everything encrypted with it becomes unreadable until re-enabled):', name: ['key-id'] },
  { tool: 'aws', path: 'kms delete-imported-key-material', severity: 'high', what: 'deletes the imported key material of', name: ['key-id'] },
  {
    tool: 'aws',
    path: 'secretsmanager delete-secret',
    severity: 'medium',
    what: 'deletes the secret',
    name: ['secret-id'],
    refine: (c) =>
      on(c, 'force-delete-without-recovery')
        ? { severity: 'critical', note: 'immediately, with no recovery window', words: words(c, 'force-delete-without-recovery') }
        : { note: 'after its recovery window (restore-secret brings it back until then)' },
  },
  { tool: 'aws', path: 'ssm delete-parameter', severity: 'medium', what: 'deletes the SSM parameter', name: ['name'] },
  { tool: 'aws', path: 'ssm delete-parameters', severity: 'medium', what: 'deletes the SSM parameters', name: ['names'] },
  { tool: 'gcloud', path: 'kms keys versions destroy', severity: 'critical', what: 'destroys the KMS key version (data encrypted with it becomes unreadable):' },
  { tool: 'gcloud', path: 'kms keys versions disable', severity: 'high', what: 'disables the KMS key version' },
  { tool: 'gcloud', path: 'secrets delete', severity: 'high', what: 'deletes the secret and all its versions:' },
  { tool: 'gcloud', path: 'secrets versions destroy', severity: 'high', what: 'destroys the secret version' },
  { tool: 'az', path: 'keyvault delete', severity: 'medium', what: 'soft-deletes the key vault with its keys, secrets and certificates (recoverable until purged):' },
  { tool: 'az', path: 'keyvault purge', severity: 'critical', what: 'purges the deleted key vault for good:' },
  { tool: 'az', path: 'keyvault key delete', severity: 'medium', what: 'soft-deletes the key vault key (recoverable until purged)' },
  { tool: 'az', path: 'keyvault key purge', severity: 'critical', what: 'purges the deleted key for good:' },
  { tool: 'az', path: 'keyvault secret delete', severity: 'medium', what: 'deletes the key vault secret' },
  { tool: 'az', path: 'keyvault secret purge', severity: 'high', what: 'purges the deleted secret for good:' },
  { tool: 'az', path: 'keyvault certificate purge', severity: 'high', what: 'purges the deleted certificate for good:' },
];

export const cloudDeleteKeyOrSecret: CommandRule = {
  id: 'CLD009',
  name: 'cloud-delete-key-or-secret',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(KEY_OPS),
  summary: 'Deletes, destroys or disables an encryption key or secret (KMS, Secrets Manager, Secret Manager, Key Vault).',
  rationale:
    'Destroying an encryption key makes every disk, bucket and backup encrypted with it unreadable — a delete of all that data by other means; deleting a secret breaks every service that reads it.',
  alternative: 'Disable the key and watch for failures before scheduling deletion with the longest window; delete secrets with a recovery window, never with force.',
  examples: {
    fire: [
      'aws kms schedule-key-deletion --key-id 1234abcd --pending-window-in-days 7',
      'aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery',
      'gcloud kms keys versions destroy 3 --key=k --keyring=r --location=global',
      'az keyvault purge --name corp-vault',
    ],
    pass: ['aws kms describe-key --key-id 1234abcd', 'aws secretsmanager get-secret-value --secret-id prod/db', 'aws kms cancel-key-deletion --key-id 1234abcd', 'az keyvault show --name corp-vault'],
  },
  check: (cmd) => matchOps(cmd, KEY_OPS),
};
