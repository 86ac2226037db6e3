import { optionValue } from '../cli-options';
import type { CommandRule } from '../rule';
import { type CloudOp, matchOps, opTriggers } from './helpers';

// ---------------------------------------------------------------------------------------------
// Volumes, snapshots and backups

export const VOLUME_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'ec2 delete-volume', severity: 'high', what: 'deletes the EBS volume and the data on it:', name: ['volume-id'] },
  { tool: 'aws', path: 'ec2 delete-snapshot', severity: 'high', what: 'deletes the EBS snapshot', name: ['snapshot-id'] },
  { tool: 'aws', path: 'ec2 deregister-image', severity: 'medium', what: 'deregisters the AMI', name: ['image-id'] },
  { tool: 'aws', path: 'rds delete-db-snapshot', severity: 'high', what: 'deletes the RDS snapshot', name: ['db-snapshot-identifier'] },
  { tool: 'aws', path: 'rds delete-db-cluster-snapshot', severity: 'high', what: 'deletes the RDS cluster snapshot', name: ['db-cluster-snapshot-identifier'] },
  { tool: 'aws', path: 'rds delete-db-instance-automated-backup', severity: 'high', what: 'deletes the retained automated backups of', name: ['dbi-resource-id', 'db-instance-automated-backups-arn'] },
  { tool: 'aws', path: 'redshift delete-cluster-snapshot', severity: 'high', what: 'deletes the Redshift snapshot', name: ['snapshot-identifier'] },
  { tool: 'aws', path: 'dynamodb delete-backup', severity: 'high', what: 'deletes the DynamoDB backup', name: ['backup-arn'] },
  { tool: 'aws', path: 'backup delete-recovery-point', severity: 'high', what: 'deletes the AWS Backup recovery point', name: ['recovery-point-arn'] },
  { tool: 'aws', path: 'backup delete-backup-vault', severity: 'medium', what: 'deletes the AWS Backup vault', name: ['backup-vault-name'] },
  { tool: 'aws', path: 'lightsail delete-disk', severity: 'high', what: 'deletes the Lightsail disk', name: ['disk-name'] },
  { tool: 'aws', path: 'lightsail delete-disk-snapshot', severity: 'high', what: 'deletes the Lightsail disk snapshot', name: ['disk-snapshot-name'] },
  { tool: 'aws', path: 'elasticache delete-snapshot', severity: 'medium', what: 'deletes the ElastiCache snapshot', name: ['snapshot-name'] },
  { tool: 'gcloud', path: 'compute disks delete', severity: 'high', what: 'deletes the persistent disk and the data on it:' },
  { tool: 'gcloud', path: 'compute snapshots delete', severity: 'high', what: 'deletes the disk snapshot' },
  { tool: 'gcloud', path: 'compute images delete', severity: 'medium', what: 'deletes the image' },
  { tool: 'gcloud', path: 'compute machine-images delete', severity: 'medium', what: 'deletes the machine image' },
  { tool: 'gcloud', path: 'sql backups delete', severity: 'high', what: 'deletes the Cloud SQL backup' },
  { tool: 'gcloud', path: 'filestore backups delete', severity: 'high', what: 'deletes the Filestore backup' },
  { tool: 'az', path: 'disk delete', severity: 'high', what: 'deletes the managed disk and the data on it:' },
  { tool: 'az', path: 'snapshot delete', severity: 'high', what: 'deletes the disk snapshot' },
  { tool: 'az', path: 'image delete', severity: 'medium', what: 'deletes the image' },
  { tool: 'az', path: 'backup vault delete', severity: 'high', what: 'deletes the Recovery Services vault' },
  {
    tool: 'az',
    path: 'backup protection disable',
    severity: 'medium',
    what: 'stops backups of',
    name: ['item-name', 'container-name', 'c'],
    refine: (c) => (/^true$/i.test(optionValue(c.args, 'delete-backup-data') ?? '') ? { severity: 'high', note: 'and deletes its existing backup data' } : undefined),
  },
];

export const cloudDeleteVolumeOrBackup: CommandRule = {
  id: 'CLD004',
  name: 'cloud-delete-volume-or-backup',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(VOLUME_OPS),
  summary: 'Deletes a disk, volume, snapshot or backup (EBS, persistent disks, managed disks, RDS snapshots, recovery points).',
  rationale: 'Volumes hold data that is not in source control, and snapshots and backups are the copy you restore from when something else goes wrong; deleting them removes the safety net.',
  alternative: 'Snapshot the volume before deleting it, and let backups expire through their retention policy instead of deleting them by hand.',
  examples: {
    fire: [
      'aws ec2 delete-volume --volume-id vol-0abc123',
      'aws ec2 delete-snapshot --snapshot-id snap-0123',
      'gcloud compute disks delete data-disk --zone us-central1-a --quiet',
      'az snapshot delete -g rg -n nightly',
    ],
    pass: ['aws ec2 describe-volumes --volume-ids vol-0abc123', 'aws ec2 create-snapshot --volume-id vol-0abc123', 'gcloud compute disks list', 'aws ec2 delete-volume --volume-id vol-1 --dry-run'],
  },
  check: (cmd) => matchOps(cmd, VOLUME_OPS),
};
