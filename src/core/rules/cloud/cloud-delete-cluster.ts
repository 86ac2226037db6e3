import type { CommandRule } from '../rule';
import { type CloudOp, matchOps, opTriggers } from './helpers';

// ---------------------------------------------------------------------------------------------
// Clusters

export const CLUSTER_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'eks delete-cluster', severity: 'high', what: 'deletes the EKS cluster and everything scheduled on it:', name: ['name'] },
  { tool: 'aws', path: 'eks delete-nodegroup', severity: 'high', what: 'deletes the EKS node group', name: ['nodegroup-name'] },
  { tool: 'aws', path: 'ecs delete-cluster', severity: 'high', what: 'deletes the ECS cluster', name: ['cluster'] },
  { tool: 'aws', path: 'kafka delete-cluster', severity: 'high', what: 'deletes the MSK cluster and its topics:', name: ['cluster-arn'] },
  { tool: 'aws', path: 'emr terminate-clusters', severity: 'high', what: 'terminates the EMR clusters (HDFS data on them is lost):', name: ['cluster-ids'] },
  { tool: 'aws', path: 'mq delete-broker', severity: 'high', what: 'deletes the Amazon MQ broker and its queued messages:', name: ['broker-id'] },
  { tool: 'gcloud', path: 'container clusters delete', severity: 'high', what: 'deletes the GKE cluster and every workload and volume claim on it:' },
  { tool: 'gcloud', path: 'container node-pools delete', severity: 'high', what: 'deletes the GKE node pool' },
  { tool: 'gcloud', path: 'dataproc clusters delete', severity: 'high', what: 'deletes the Dataproc cluster' },
  { tool: 'gcloud', path: 'composer environments delete', severity: 'high', what: 'deletes the Composer environment' },
  { tool: 'az', path: 'aks delete', severity: 'high', what: 'deletes the AKS cluster and every workload on it:' },
  { tool: 'az', path: 'aks nodepool delete', severity: 'high', what: 'deletes the AKS node pool' },
  { tool: 'az', path: 'hdinsight delete', severity: 'high', what: 'deletes the HDInsight cluster' },
];

export const cloudDeleteCluster: CommandRule = {
  id: 'CLD005',
  name: 'cloud-delete-cluster',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(CLUSTER_OPS),
  summary: 'Deletes a Kubernetes or data-processing cluster (EKS, GKE, AKS, MSK, Dataproc).',
  rationale: 'A cluster carries every service running on it plus their persistent volumes and in-cluster state; recreating it means redeploying everything and restoring the volumes from backups, if there are any.',
  alternative: 'Scale workloads down or cordon nodes first, back up persistent volumes, and delete the cluster through the infrastructure-as-code that created it.',
  examples: {
    fire: ['aws eks delete-cluster --name prod-eks', 'gcloud container clusters delete staging --region us-central1 --quiet', 'az aks delete --name aks1 --resource-group rg --yes'],
    pass: ['aws eks describe-cluster --name prod-eks', 'gcloud container clusters get-credentials staging --region us-central1', 'az aks show --name aks1 --resource-group rg'],
  },
  check: (cmd) => matchOps(cmd, CLUSTER_OPS),
};
