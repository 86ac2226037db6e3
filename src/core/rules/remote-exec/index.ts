/**
 * Running code straight from the network: `curl … | sh`, `bash <(curl …)`, `python3 -c
 * "$(curl …)"`, PowerShell's `iwr … | iex`. What runs is whatever the server sends at that
 * moment, so nothing about it can be checked before it runs. Downloading to a file is fine.
 */
import type { RulePack } from '../rule';
import { pipeDownloadToShell } from './pipe-download-to-shell';
import { powershellInvokeDownload } from './powershell-invoke-download';
import { runSubstitutedDownload } from './run-substituted-download';

export const remoteExecPack: RulePack = {
  name: 'remote-exec',
  description: 'Running code straight from the network: curl | sh, bash <(curl …), iwr | iex.',
  rules: [pipeDownloadToShell, runSubstitutedDownload, powershellInvokeDownload],
};
