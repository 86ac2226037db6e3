/**
 * Over-grants: administrator policies attached to roles, wildcard policy documents, resources
 * opened to everyone, owner/editor bindings and cluster-admin bindings. An over-grant destroys
 * nothing by itself; it is what lets the next mistaken command destroy everything, which is
 * why the strongest of them count as critical.
 */
import type { RulePack } from '../rule';
import { awsAttachAdminPolicy } from './aws-attach-admin-policy';
import { awsWildcardPolicyDocument } from './aws-wildcard-policy-document';
import { azurePrivilegedRoleAssignment } from './azure-privileged-role-assignment';
import { gcpPrivilegedBinding } from './gcp-privileged-binding';
import { kubernetesClusterAdminBinding } from './kubernetes-cluster-admin-binding';
import { publicResourceAccess } from './public-resource-access';

export const iamPack: RulePack = {
  name: 'iam',
  description: 'Over-grants: administrator policies, wildcard policy documents, public resources, owner/editor bindings, cluster-admin.',
  rules: [awsAttachAdminPolicy, awsWildcardPolicyDocument, publicResourceAccess, gcpPrivilegedBinding, azurePrivilegedRoleAssignment, kubernetesClusterAdminBinding],
};
