import { optionValue } from '../cli-options';
import type { CommandRule } from '../rule';
import { type CloudOp, matchOps, opTriggers } from './helpers';

// ---------------------------------------------------------------------------------------------
// Stateless compute

export const COMPUTE_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'ec2 terminate-instances', severity: 'high', what: 'terminates the EC2 instances (their instance-store and delete-on-termination volumes go with them):', name: ['instance-ids'] },
  { tool: 'aws', path: 'lambda delete-function', severity: 'high', what: 'deletes the Lambda function', name: ['function-name'] },
  { tool: 'aws', path: 'ecs delete-service', severity: 'high', what: 'deletes the ECS service', name: ['service'] },
  { tool: 'aws', path: 'autoscaling delete-auto-scaling-group', severity: 'high', what: 'deletes the Auto Scaling group', name: ['auto-scaling-group-name'] },
  { tool: 'aws', path: 'elbv2 delete-load-balancer', severity: 'high', what: 'deletes the load balancer', name: ['load-balancer-arn'] },
  { tool: 'aws', path: 'elb delete-load-balancer', severity: 'high', what: 'deletes the classic load balancer', name: ['load-balancer-name'] },
  { tool: 'aws', path: 'apigateway delete-rest-api', severity: 'high', what: 'deletes the API Gateway REST API', name: ['rest-api-id'] },
  { tool: 'aws', path: 'apigatewayv2 delete-api', severity: 'high', what: 'deletes the API Gateway API', name: ['api-id'] },
  { tool: 'aws', path: 'cloudfront delete-distribution', severity: 'high', what: 'deletes the CloudFront distribution', name: ['id'] },
  { tool: 'aws', path: 'lightsail delete-instance', severity: 'high', what: 'deletes the Lightsail instance', name: ['instance-name'] },
  { tool: 'aws', path: 'sqs delete-queue', severity: 'high', what: 'deletes the SQS queue and the messages in it:', name: ['queue-url'] },
  { tool: 'aws', path: 'sqs purge-queue', severity: 'high', what: 'deletes every message in the SQS queue', name: ['queue-url'] },
  { tool: 'aws', path: 'sns delete-topic', severity: 'high', what: 'deletes the SNS topic and its subscriptions:', name: ['topic-arn'] },
  { tool: 'aws', path: 'kinesis delete-stream', severity: 'high', what: 'deletes the Kinesis stream and its unread records:', name: ['stream-name'] },
  { tool: 'aws', path: 'route53 delete-hosted-zone', severity: 'high', what: 'deletes the Route 53 hosted zone (its DNS records stop resolving):', name: ['id'] },
  { tool: 'aws', path: 'ec2 delete-vpc', severity: 'high', what: 'deletes the VPC', name: ['vpc-id'] },
  {
    tool: 'gcloud',
    path: 'compute instances delete',
    severity: 'high',
    what: 'deletes the VM instance (and its boot disk)',
    refine: (c) => {
      const disks = optionValue(c.args, 'delete-disks');
      return disks === 'all' || disks === 'data' ? { severity: 'high', note: `with its ${disks === 'all' ? 'boot and data' : 'data'} disks (--delete-disks=${disks})` } : undefined;
    },
  },
  { tool: 'gcloud', path: 'compute instance-groups managed delete', severity: 'high', what: 'deletes the managed instance group' },
  { tool: 'gcloud', path: 'run services delete', severity: 'high', what: 'deletes the Cloud Run service' },
  { tool: 'gcloud', path: 'functions delete', severity: 'high', what: 'deletes the Cloud Function' },
  { tool: 'gcloud', path: 'app services delete', severity: 'high', what: 'deletes the App Engine service' },
  { tool: 'gcloud', path: 'pubsub topics delete', severity: 'high', what: 'deletes the Pub/Sub topic' },
  { tool: 'gcloud', path: 'pubsub subscriptions delete', severity: 'high', what: 'deletes the Pub/Sub subscription and its unacknowledged messages:' },
  { tool: 'gcloud', path: 'dns managed-zones delete', severity: 'high', what: 'deletes the Cloud DNS zone' },
  { tool: 'az', path: 'vm delete', severity: 'high', what: 'deletes the virtual machine' },
  { tool: 'az', path: 'vmss delete', severity: 'high', what: 'deletes the VM scale set' },
  { tool: 'az', path: 'webapp delete', severity: 'high', what: 'deletes the web app' },
  { tool: 'az', path: 'functionapp delete', severity: 'high', what: 'deletes the function app' },
  { tool: 'az', path: 'containerapp delete', severity: 'high', what: 'deletes the container app' },
  { tool: 'az', path: 'appservice plan delete', severity: 'high', what: 'deletes the App Service plan' },
  { tool: 'az', path: 'network dns zone delete', severity: 'high', what: 'deletes the DNS zone' },
  { tool: 'az', path: 'servicebus namespace delete', severity: 'high', what: 'deletes the Service Bus namespace and its queued messages:' },
  { tool: 'az', path: 'eventhubs namespace delete', severity: 'high', what: 'deletes the Event Hubs namespace' },
];

export const cloudDeleteCompute: CommandRule = {
  id: 'CLD006',
  name: 'cloud-delete-compute',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(COMPUTE_OPS),
  summary: 'Deletes or terminates compute and messaging resources (EC2 instances, Lambda functions, Cloud Run services, VMs, queues).',
  rationale:
    'Compute is usually rebuildable from code, but terminating a running instance takes a service down, loses whatever was configured by hand, and deletes attached disks marked delete-on-termination.',
  alternative: 'Stop instead of terminate (`aws ec2 stop-instances`, `gcloud compute instances stop`), or remove the resource through the infrastructure-as-code that owns it.',
  examples: {
    fire: [
      'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0',
      'aws lambda delete-function --function-name prod-api',
      'gcloud compute instances delete web-1 --zone=us-east1-b',
      'az vm delete -g rg -n vm1 --yes',
    ],
    pass: ['aws ec2 stop-instances --instance-ids i-0123456789abcdef0', 'aws ec2 terminate-instances --instance-ids i-0123 --dry-run', 'gcloud compute instances list', 'aws lambda get-function --function-name prod-api'],
  },
  check: (cmd) => matchOps(cmd, COMPUTE_OPS),
};
