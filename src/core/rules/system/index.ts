/**
 * The machine and its safety switches: shutting it down, killing every process, deleting all
 * cron jobs or users, turning off the firewall, SELinux or an agent's own permission prompts,
 * and changing who may become root.
 */
import type { RulePack } from '../rule';
import { adminGroupGrant } from './admin-group-grant';
import { agentSafetyBypass } from './agent-safety-bypass';
import { crontabRemove } from './crontab-remove';
import { firewallDisable } from './firewall-disable';
import { immutableFlagRemoval } from './immutable-flag-removal';
import { kernelParameterWrite } from './kernel-parameter-write';
import { killManyProcesses } from './kill-many-processes';
import { passwordRemoval } from './password-removal';
import { remoteAccessStop } from './remote-access-stop';
import { securityModuleDisable } from './security-module-disable';
import { shellHistoryClear } from './shell-history-clear';
import { shutdownOrReboot } from './shutdown-or-reboot';
import { sudoersChange } from './sudoers-change';
import { userDelete } from './user-delete';
import { vmDelete } from './vm-delete';
import { serviceStop } from './service-stop';
import { essentialPackageRemove } from './essential-package-remove';
import { packageProtectionOverride } from './package-protection-override';
import { tlsVerificationOff } from './tls-verification-off';
import { forkBomb } from './fork-bomb';
import { windowsRegistryDelete } from './windows-registry-delete';
import { windowsRecoveryDelete } from './windows-recovery-delete';

export const systemPack: RulePack = {
  name: 'system',
  description: 'The machine and its safety switches: shutdown, mass kills, cron, firewall, SELinux, agent permission bypasses, users and sudoers.',
  rules: [shutdownOrReboot, killManyProcesses, crontabRemove, firewallDisable, securityModuleDisable, agentSafetyBypass, kernelParameterWrite, remoteAccessStop, immutableFlagRemoval, shellHistoryClear, passwordRemoval, userDelete, sudoersChange, adminGroupGrant, vmDelete, serviceStop, essentialPackageRemove, packageProtectionOverride, tlsVerificationOff, forkBomb, windowsRegistryDelete, windowsRecoveryDelete],
};
