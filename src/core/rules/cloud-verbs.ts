/**
 * Cloud command lines read by the verb that names a destructive operation, for every service.
 * The AWS, Google Cloud, Azure, DigitalOcean, Linode, OpenStack and GitHub CLIs (and bq and the
 * legacy OpenStack clients) all name what destroys with a small set of verbs: delete, terminate,
 * deregister, revoke, purge, remove, destroy. This module finds that verb in a command line,
 * the resource it acts on, and what kind of resource that is:
 *
 * - compute, data stores, queues, logs, registries, identity, certificates and networking are
 *   gate-level (high): they run services or hold what has no other copy;
 * - any other resource is a warning (medium);
 * - deletions the provider keeps recoverable (a secret with a recovery window, a soft-deleted
 *   vault or workspace) are a warning as well;
 * - revocations that only close access (a firewall rule, a role binding, a grant) are low;
 * - look-alikes that destroy nothing of value (tags and labels, caches, local CLI profiles and
 *   configuration) are not findings at all.
 *
 * Pure data and small readers; cloud/cloud-delete-by-verb.ts is the rule that uses them.
 */
import type { SimpleCommand, Word } from '../shell/model';
import type { Severity } from '../types';
import { type CliSpec, hasOption, labelled, optionValue, optionWords, type ParsedArgs, parseArgs, switchValue, targetAssignments } from './cli-options';
import { type CloudCall, cloudCall } from './cloud-cli';

export type ResourceClass = 'compute' | 'data' | 'queue' | 'logs' | 'registry' | 'identity' | 'certificate' | 'network' | 'other';

/** What a destructive verb would do: a severity, or `none` when nothing of value is destroyed. */
export interface VerbJudgement {
  severity: Severity | 'none';
  cls: ResourceClass;
  /** Why it is lower than its class, for the message (`soft-deleted, recoverable for 90 days`). */
  note?: string;
}

/** A destructive operation found on a cloud command line. */
export interface CloudVerbCall {
  tool: string;
  /** The command path as written, up to and including the verb: `aws iam delete-role`, `gcloud compute networks delete`. */
  label: string;
  /** The words of that path, for the span. */
  pathWords: Word[];
  /** The verb word: `delete`, `terminate`, `revoke`, … (for aws the first part of the operation). */
  verb: string;
  /** The resource the operation acts on, as words: `['role']`, `['compute', 'networks']`. */
  resource: string[];
  /** Names of what is deleted, as written. */
  names: Word[];
  /** Values that say which account, project or subscription is hit. */
  targets: string[];
  args: ParsedArgs;
  /** The aws/gcloud/az reading, when the tool is one of those. */
  call?: CloudCall;
}

/** Verbs that name a destructive operation. */
export const DESTRUCTIVE_VERBS: ReadonlySet<string> = new Set(['delete', 'terminate', 'deregister', 'revoke', 'purge', 'remove', 'destroy']);

// ---------------------------------------------------------------------------------------------
// What kind of resource a noun names, whatever the provider

/** Tags, labels and the like: deleting them destroys nothing of value. */
const NONE_NOUN = /(^|[-_ ])(tags?|tagging|labels?)$|^tags?[-_ ]|^untag|(^|-)retention-policy$|(^|-)change-set$/;

/** Access that is only closed: a firewall rule, a grant, a role binding, a permission. */
const LOW_NOUN = /(^|[-_ ])(ingress|egress|permission|permissions|grant|grants|access-entry|account-assignment|login-profile|resource-share|policy-binding|iam-policy-binding|firewall-rules?|firewall-rule|security-group-rule|network-acl-entry|access-restriction|network-rule|rbac|role-assignment|member|members|invitation|invitations|policy-assignment-binding)$/;

/** Nouns that name compute, data stores, queues, logs, registries, identity, certificates or networking. */
const HIGH_NOUNS: readonly [RegExp, ResourceClass][] = [
  [/(^|-)(instances?|servers?|functions?|fleets?|node-?groups?|node-?pools?|clusters?|environments?|compute-environment|notebook-instance|container-service|container-group|droplets?|linodes?|virtual-machines?|vms?|vmss|workspaces?|apps?|applications?|services?|web-?apps?|function-?apps?|jobs?-queue|job-queue|endpoints?)$/, 'compute'],
  [/(^|-)(tables?|databases?|dbs?|keyspaces?|ledgers?|buckets?|containers?|file-?systems?|file-shares?|shares?|volumes?|disks?|vaults?|backup-vaults?|backups?|backup-plans?|recovery-points?|snapshots?|domains?|collections?|indexes|index|graphs?|datasets?|warehouses?|stores?|caches?-cluster|replication-groups?|namespaces?|data-stores?|event-data-store|archives?|blobs?|objects-all|tapes?|accounts?)$/, 'data'],
  [/(^|-)(queues?|topics?|subscriptions?|streams?|delivery-streams?|brokers?|event-?hubs?|hubs?)$/, 'queue'],
  [/(^|-)(log-groups?|log-streams?|logs?|trails?|log-buckets?|workspace-logs)$/, 'logs'],
  [/(^|-)(repositor(y|ies)|registr(y|ies)|images?-all|packages?|package-versions?|manifests?|artifacts?)$/, 'registry'],
  [/(^|-)(users?|user-pools?|identity-pools?|roles?|groups?|service-accounts?|access-keys?|keys?|identit(y|ies)|directory|directories|permission-sets?|saml-providers?|open-id-connect-providers?|identity-providers?|workload-identity-pools?|providers?|sp|ad-apps?|credentials?|instance-profiles?|policy)$/, 'identity'],
  [/(^|-)(certificates?|server-certificates?|certificate-authorit(y|ies)|certs?|ssl-certificates?|certificate-maps?)$/, 'certificate'],
  [/(^|-)(vpcs?|subnets?|networks?|security-groups?|route-tables?|routes?|internet-gateways?|nat-gateways?|gateways?|transit-gateways?.*|vpn-.*|customer-gateways?|network-interfaces?|nics?|vpc-endpoints?|private-endpoints?|peerings?|vpc-peering-connections?|load-?balancers?|lbs?|target-groups?|listeners?|distributions?|rest-apis?|apis?|hosted-zones?|zones?|dns-zones?|managed-zones?|record-?sets?|records?|addresses|public-ips?|floating-ips?|reserved-ips?|static-ips?|routers?|forwarding-rules?|backend-services?|url-maps?|accelerators?|connections?|interconnects?|firewalls?|web-acls?|vnets?|application-gateways?|front-?doors?|cdn-endpoints?|profiles?-cdn|ports?|flow-logs?|domain-names?|domain-records?|nodebalancers?|vlans?|ip-addresses|ips?)$/, 'network'],
];

/** Configuration around a resource rather than the resource: a warning at most. */
const CONFIG_NOUN = /(^|-)(parameter-groups?|subnet-groups?|option-groups?|policies|polic(y|ies)-version|lifecycle-policy|bucket-policy|repository-policy|registry-policy|resource-policy|key-policy|configurations?|configs?|config-rules?|templates?|launch-templates?|aliases|alias|event-subscriptions?|notifications?|notification-configuration|schedules?|scheduled-actions?|lifecycle-hooks?|hooks?|alarms?|dashboards?|rules?|filters?|metric-filters?|subscription-filters?|webhooks?|triggers?|settings?|attributes?|endpoint-configs?|usage-limits?|usage-plans?|api-keys?|authorizers?|models?|documents?|associations?|job-definitions?|task-definitions?|versions?|layer-versions?|mappings?|integrations?|stages?-variables|key-pairs?|keypairs?|placement-groups?|deployments?|insights?|query-definitions?|named-quer(y|ies)|work-groups?|crawlers?|data-catalogs?|pipelines?|projects?-build|build-projects?|state-machines?|activities|workflows?|sinks?|metrics?|views?|channels?|destinations?|encryption|cors|website|replication|ownership-controls|analytics-configuration|inventory-configuration|intelligent-tiering-configuration|metrics-configuration)$/;

/** The resource class of a noun (the words of an aws operation after its verb, a gcloud/az group). */
export function nounClass(noun: string): ResourceClass | undefined {
  for (const [re, cls] of HIGH_NOUNS) if (re.test(noun)) return cls;
  return undefined;
}

function judgeNoun(noun: string, verb: string): VerbJudgement {
  if (NONE_NOUN.test(noun)) return { severity: 'none', cls: 'other' };
  if (verb === 'revoke' && !/certificate|signature|signing/.test(noun)) return { severity: 'low', cls: 'identity', note: 'it only closes access' };
  if (LOW_NOUN.test(noun)) return { severity: 'low', cls: 'identity', note: 'it only closes access' };
  if (CONFIG_NOUN.test(noun)) return { severity: 'medium', cls: 'other' };
  const cls = nounClass(noun);
  return cls ? { severity: 'high', cls } : { severity: 'medium', cls: 'other' };
}

// ---------------------------------------------------------------------------------------------
// AWS: `aws <service> <verb>-<noun>`

/**
 * Per-service exceptions to the noun reading. `cls` is the service's kind (for nouns the generic
 * reading does not know); `high`/`medium`/`low`/`none` override the generic reading by noun.
 */
interface ServiceSpec {
  cls?: ResourceClass;
  high?: RegExp;
  medium?: RegExp;
  low?: RegExp;
  none?: RegExp;
  /** Every noun of the service is at most this severity (configuration services). */
  cap?: Severity;
}

const AWS_SERVICES: Readonly<Record<string, ServiceSpec>> = {
  ec2: {
    high: /^(instances|fleets|vpcs?|subnets?|security-group|route-table|route|internet-gateway|egress-only-internet-gateway|nat-gateway|network-interface|vpc-endpoints|vpc-endpoint-service-configurations|vpc-peering-connection|network-acl|transit-gateway.*|vpn-connection|vpn-connection-route|vpn-gateway|customer-gateway|carrier-gateway|local-gateway-route.*|flow-logs|client-vpn-endpoint|verified-access-.*|coip-pool|network-insights-access-scope)$/,
    medium: /^(key-pair|launch-template.*|placement-group|dhcp-options|managed-prefix-list|prefix-list|traffic-mirror.*|ipam.*|fpga-image|spot-datafeed-subscription|instance-event-window|instance-connect-endpoint|queued-reserved-instances|capacity-reservation-fleet)$/,
    low: /^(network-acl-entry|client-vpn-ingress|security-group-ingress|security-group-egress)$/,
  },
  s3api: { high: /^(bucket|objects?|public-access-block)$/, cls: 'data' },
  s3control: { high: /^(bucket|public-access-block|access-grants-instance)$/, cls: 'data' },
  iam: {
    cls: 'identity',
    high: /^(user|role|group|policy|access-key|server-certificate|instance-profile|saml-provider|open-id-connect-provider|virtual-mfa-device|ssh-public-key|signing-certificate|service-specific-credential|service-linked-role)$/,
    low: /^(role-policy|user-policy|group-policy|login-profile|user-from-group|role-from-instance-profile|client-id-from-open-id-connect-provider)$/,
    medium: /^(policy-version|account-alias|account-password-policy|role-permissions-boundary|user-permissions-boundary)$/,
  },
  logs: { cls: 'logs', high: /^(log-group|log-stream|log-anomaly-detector)$/, none: /^(retention-policy)$/ },
  cloudwatch: { cap: 'medium' },
  cloudtrail: { cls: 'logs', high: /^(trail|event-data-store)$/ },
  lambda: { cls: 'compute', high: /^function$/ },
  ecs: { cls: 'compute', high: /^(service|cluster|task-set)$/ },
  eks: { cls: 'compute', high: /^(cluster|nodegroup|fargate-profile)$/, low: /^(access-entry|pod-identity-association)$/ },
  autoscaling: { cls: 'compute', high: /^auto-scaling-group$/ },
  batch: { cls: 'compute', high: /^(compute-environment|job-queue)$/ },
  apprunner: { cls: 'compute', high: /^service$/ },
  elasticbeanstalk: { cls: 'compute', high: /^(environment|application)$/ },
  lightsail: { cls: 'compute', high: /^(instance|disk|relational-database|bucket|container-service|distribution|load-balancer|static-ip|domain|domain-entry|instance-snapshot|relational-database-snapshot|disk-snapshot|certificate|load-balancer-tls-certificate)$/, none: /^contact-method$/ },
  sagemaker: { cls: 'compute', high: /^(endpoint|notebook-instance|domain|feature-group|cluster|inference-component|user-profile|space)$/ },
  amplify: { cls: 'compute', high: /^(app|branch|backend-environment|domain-association)$/ },
  'emr-serverless': { cls: 'compute', high: /^application$/ },
  'emr-containers': { cls: 'compute', high: /^virtual-cluster$/ },
  mwaa: { cls: 'compute', high: /^environment$/ },
  workspaces: { cls: 'compute', high: /^(workspaces)$/ },
  gamelift: { cls: 'compute', high: /^(fleet|game-session-queue)$/ },
  appstream: { cls: 'compute', high: /^fleet$/ },
  servicecatalog: { high: /^provisioned-product$/ },
  proton: { cls: 'compute', high: /^(environment|service)$/ },
  rds: { cls: 'data', high: /^(db-instance|db-cluster|db-proxy|global-cluster|tenant-database|db-shard-group|db-cluster-snapshot|db-snapshot|db-instance-automated-backup|db-cluster-automated-backup)$/ },
  dynamodb: { cls: 'data', high: /^(table|backup)$/, none: /^item$/ },
  redshift: { cls: 'data', high: /^(cluster|cluster-snapshot)$/ },
  'redshift-serverless': { cls: 'data', high: /^(namespace|workgroup|snapshot|recovery-point)$/ },
  docdb: { cls: 'data', high: /^(db-cluster|db-cluster-snapshot|global-cluster)$/ },
  'docdb-elastic': { cls: 'data', high: /^(cluster|cluster-snapshot)$/ },
  neptune: { cls: 'data', high: /^(db-cluster|db-cluster-snapshot|global-cluster)$/ },
  'neptune-graph': { cls: 'data', high: /^(graph|graph-snapshot)$/ },
  memorydb: { cls: 'data', high: /^(cluster|snapshot)$/ },
  dax: { cls: 'data', high: /^cluster$/ },
  elasticache: { cap: 'medium' },
  opensearch: { cls: 'data', high: /^domain$/ },
  es: { cls: 'data', high: /^elasticsearch-domain$/ },
  opensearchserverless: { cls: 'data', high: /^(collection|index)$/ },
  'timestream-write': { cls: 'data', high: /^(database|table)$/ },
  'timestream-influxdb': { cls: 'data', high: /^(db-instance|db-cluster)$/ },
  keyspaces: { cls: 'data', high: /^(keyspace|table)$/ },
  qldb: { cls: 'data', high: /^ledger$/ },
  dsql: { cls: 'data', high: /^cluster$/ },
  efs: { cls: 'data', high: /^file-system$/ },
  fsx: { cls: 'data', high: /^(file-system|backup|volume|snapshot|storage-virtual-machine|file-cache)$/ },
  glacier: { cls: 'data', high: /^(vault|archive)$/ },
  backup: { cls: 'data', high: /^(backup-vault|recovery-point|backup-plan|backup-selection)$/ },
  storagegateway: { cls: 'data', high: /^(gateway|volume|file-share|tape|tape-archive)$/ },
  cloudsearch: { cls: 'data', high: /^domain$/ },
  kendra: { cls: 'data', high: /^index$/ },
  'bedrock-agent': { cls: 'data', high: /^knowledge-base$/ },
  personalize: { cls: 'data', high: /^(dataset-group|dataset|campaign)$/ },
  rekognition: { cls: 'data', high: /^(collection|dataset)$/ },
  glue: { cap: 'medium' },
  athena: { cap: 'medium' },
  lakeformation: { cap: 'medium' },
  sqs: { cls: 'queue', high: /^queue$/, none: /^(message|message-batch)$/ },
  sns: { cls: 'queue', high: /^topic$/, none: /^sms-sandbox-phone-number$/ },
  kinesis: { cls: 'queue', high: /^stream$/ },
  firehose: { cls: 'queue', high: /^delivery-stream$/ },
  kafka: { cls: 'queue', high: /^cluster(-v2)?$/ },
  kafkaconnect: { cls: 'queue', high: /^connector$/ },
  mq: { cls: 'queue', high: /^broker$/ },
  events: { high: /^archive$/, cap: undefined },
  ecr: { cls: 'registry', high: /^(repository|image)$/ },
  'ecr-public': { cls: 'registry', high: /^(repository|image)$/ },
  codeartifact: { cls: 'registry', high: /^(repository|domain|package|package-versions|package-group)$/ },
  codecommit: { cls: 'registry', high: /^repository$/, medium: /^(branch|file)$/ },
  'cognito-idp': { cls: 'identity', high: /^(user-pool|identity-provider|user-pool-domain|user-pool-client|resource-server)$/, medium: /^(user|group|user-attributes)$/ },
  'cognito-identity': { cls: 'identity', high: /^identity-pool$/ },
  'sso-admin': { cls: 'identity', high: /^(permission-set|instance|application)$/, low: /^(account-assignment|inline-policy-from-permission-set|managed-policy-from-permission-set)$/ },
  identitystore: { cls: 'identity', high: /^(user|group)$/, low: /^group-membership$/ },
  ds: { cls: 'identity', high: /^(directory|trust)$/ },
  rolesanywhere: { cls: 'identity', high: /^trust-anchor$/ },
  organizations: { cap: 'medium' },
  acm: { cls: 'certificate', high: /^certificate$/ },
  'acm-pca': { cls: 'certificate', high: /^(certificate-authority|certificate)$/, low: /^(permission|policy)$/ },
  cloudhsmv2: { cls: 'certificate', high: /^(cluster|hsm|backup)$/ },
  kms: { cls: 'certificate', high: /^custom-key-store$/, medium: /^alias$/ },
  secretsmanager: { cap: 'medium' },
  ssm: { cap: 'medium' },
  elbv2: { cls: 'network', high: /^(load-balancer|target-group|listener)$/ },
  elb: { cls: 'network', high: /^load-balancer$/ },
  route53: { cls: 'network', high: /^(hosted-zone|key-signing-key)$/ },
  route53domains: { cls: 'network', high: /^domain$/ },
  route53resolver: { cls: 'network', high: /^(resolver-endpoint|resolver-rule|outpost-resolver)$/ },
  cloudfront: { cls: 'network', high: /^(distribution|distribution-tenant)$/ },
  apigateway: { cls: 'network', high: /^(rest-api|stage|domain-name)$/ },
  apigatewayv2: { cls: 'network', high: /^(api|stage|domain-name)$/ },
  appsync: { cls: 'network', high: /^(graphql-api|api|domain-name)$/, none: /^api-cache$/ },
  globalaccelerator: { cls: 'network', high: /^(accelerator|listener|endpoint-group|custom-routing-.*)$/ },
  directconnect: { cls: 'network', high: /^(connection|virtual-interface|direct-connect-gateway.*|lag|interconnect|bgp-peer)$/ },
  'network-firewall': { cls: 'network', high: /^firewall$/ },
  networkmanager: { cls: 'network', high: /^(global-network|core-network|attachment)$/ },
  'vpc-lattice': { cls: 'network', high: /^(service-network|service|listener|target-group)$/ },
  appmesh: { cls: 'network', high: /^mesh$/ },
  wafv2: { cls: 'network', high: /^web-acl$/ },
  waf: { cls: 'network', high: /^web-acl$/ },
  'waf-regional': { cls: 'network', high: /^web-acl$/ },
  transfer: { cls: 'network', high: /^(server|certificate)$/ },
  servicediscovery: { cls: 'network', high: /^namespace$/ },
  guardduty: { cls: 'logs', high: /^detector$/ },
  config: { cls: 'logs', high: /^(configuration-recorder|delivery-channel)$/ },
  securitylake: { cls: 'logs', high: /^data-lake$/ },
  iot: { cls: 'certificate', high: /^(certificate|ca-certificate)$/ },
  ram: { low: /^resource-share$/ },
  'resource-groups': { none: /^group$/ },
  cloudformation: { none: /^change-set$/ },
  sts: { none: /./ },
  sso: { none: /./ },
  'sso-oidc': { none: /./ },
  configure: { none: /./ },
};

/** aws operations whose verb is the first part: `delete-db-instance`, `batch-delete-image`, `admin-delete-user`. */
function awsVerb(op: string): { verb: string; noun: string } | undefined {
  const parts = op.split('-');
  let i = 0;
  if ((parts[0] === 'batch' || parts[0] === 'admin' || parts[0] === 'bulk' || parts[0] === 'force') && DESTRUCTIVE_VERBS.has(parts[1])) i = 1;
  if (!DESTRUCTIVE_VERBS.has(parts[i])) return undefined;
  const noun = parts.slice(i + 1).join('-');
  return noun ? { verb: parts[i], noun } : undefined;
}

function judgeService(spec: ServiceSpec | undefined, noun: string, verb: string): VerbJudgement {
  const generic = judgeNoun(noun, verb);
  if (!spec) return generic;
  if (spec.none?.test(noun)) return { severity: 'none', cls: 'other' };
  if (spec.low?.test(noun)) return { severity: 'low', cls: spec.cls ?? 'identity', note: 'it only closes access' };
  if (spec.high?.test(noun)) return { severity: 'high', cls: spec.cls ?? nounClass(noun) ?? 'other' };
  if (spec.medium?.test(noun)) return { severity: 'medium', cls: spec.cls ?? 'other' };
  if (generic.severity === 'none' || generic.severity === 'low') return generic;
  if (spec.cap === 'medium' || spec.high) return { severity: 'medium', cls: spec.cls ?? generic.cls };
  return generic;
}

function readAws(c: CloudCall): CloudVerbCall | undefined {
  const [serviceWord, opWord] = c.positionals;
  if (!serviceWord || !opWord) return undefined;
  const parsed = awsVerb(opWord.value);
  if (!parsed) return undefined;
  const names: Word[] = [];
  for (const [name, list] of c.args.options) {
    if (!/(^|-)(name|names|id|ids|arn|arns|identifier|url|key|bucket|cluster)$/.test(name) || /^(profile|region|endpoint-url|query|output|if-match|lock-token|client-token)$/.test(name)) continue;
    for (const o of list) if (o.valueWord) names.push(o.valueWord);
  }
  names.sort((a, b) => a.span.start - b.span.start);
  return {
    tool: 'aws',
    label: `aws ${serviceWord.value} ${opWord.value}`,
    pathWords: [serviceWord, opWord],
    verb: parsed.verb,
    resource: [serviceWord.value, parsed.noun],
    names: names.slice(0, 6),
    targets: c.targets,
    args: c.args,
    call: c,
  };
}

function judgeAws(v: CloudVerbCall): VerbJudgement {
  const [service, noun] = v.resource;
  return judgeService(AWS_SERVICES[service], noun, v.verb);
}

// ---------------------------------------------------------------------------------------------
// gcloud and az: a command path of groups, then the verb

/** gcloud groups, as a path prefix (`compute networks`) → judgement for `delete`/`destroy`/`purge`. */
const GCLOUD_GROUPS: readonly [RegExp, Severity | 'none', ResourceClass][] = [
  [/^(config|auth|components|topic|help|init|info|survey|feedback|cheat-sheet)( |$)/, 'none', 'other'],
  [/^artifacts tags$/, 'none', 'other'],
  [/ (firewall-rules|rules)$|^compute security-policies rules$|^app firewall-rules$|^sql ssl|^access-context-manager/, 'low', 'network'],
  [/^compute (instances|instance-groups managed|instance-groups unmanaged|sole-tenancy node-groups|tpus|reservations|future-reservations)$|^(run services|run jobs|functions|app services|app versions|container node-pools|notebooks instances|workbench instances|looker instances|batch jobs|dataproc clusters|composer environments|cloud-shell|workstations( .*)?|vmware .*|edge-container .*)$|^compute tpus tpu-vm$|^alpha compute tpus$/, 'high', 'compute'],
  [/^compute (networks|networks subnets|addresses|routers|routes|vpn-gateways|vpn-tunnels|target-vpn-gateways|external-vpn-gateways|target-.*|forwarding-rules|backend-services|backend-buckets|url-maps|interconnects.*|network-attachments|service-attachments|network-firewall-policies|firewall-policies|security-policies|public-delegated-prefixes|public-advertised-prefixes|global-addresses)$|^(dns managed-zones|dns record-sets|network-connectivity .*|network-services .*|api-gateway .*|endpoints services|edge-cache .*|compute networks peerings|compute networks vpc-access .*|compute-networks .*)$/, 'high', 'network'],
  [/^compute ssl-certificates$|^certificate-manager (certificates|maps|maps entries|dns-authorizations|trust-configs)$|^privateca .*$/, 'high', 'certificate'],
  [/^(sql (instances|databases|backups)|spanner (instances|databases|backups)|bigtable (instances|instances tables|backups|instances clusters)|firestore databases|firestore backups|alloydb (clusters|backups)|datastore .*|storage (buckets|objects|folders|managed-folders)|filestore (instances|backups|snapshots)|compute (disks|snapshots|machine-images)|netapp .*|memorystore .*|bigquery .*|datastream .*|ai (endpoints|indexes|index-endpoints)|backup-dr .*|parallelstore .*)$/, 'high', 'data'],
  [/^(pubsub (topics|subscriptions|lite-topics|lite-subscriptions)|tasks queues|pubsub lite-.*|eventarc channels|managed-kafka .*)$/, 'high', 'queue'],
  [/^logging (logs|buckets)$/, 'high', 'logs'],
  [/^(artifacts (repositories|packages|versions|docker images|files|attachments)|container images|source repos|builds repositories|secure-source-manager .*)$/, 'high', 'registry'],
  [/^(iam (service-accounts|service-accounts keys|roles|workload-identity-pools|workload-identity-pools providers|workforce-pools|workforce-pools providers)|sql users|identity groups|spanner databases roles|organizations .* custom-roles)$/, 'high', 'identity'],
  [/^(redis instances|memcache instances|sql ssl-certs)$/, 'medium', 'data'],
];

/** az groups as a path prefix → judgement for `delete`/`purge`/`remove`. */
const AZ_GROUPS: readonly [RegExp, Severity | 'none', ResourceClass, string?][] = [
  [/^(config|account|extension|cache|login|logout|bicep|upgrade|feedback|find|interactive|tag|resource tag|acr repository untag)( |$)/, 'none', 'other'],
  [/^(deployment (group|sub|mg|tenant|operation)|deployment)$/, 'none', 'other'],
  [/^(network nsg rule|sql server firewall-rule|(postgres|mysql|mariadb)( flexible-server)? firewall-rule|redis firewall-rules|cosmosdb network-rule|storage account network-rule|keyvault network-rule|webapp config access-restriction|functionapp config access-restriction|role assignment|ad group member|ad app permission|ad app owner|ad sp owner|sql server ad-admin|network firewall network-rule|network application-gateway waf-policy custom-rule)$/, 'low', 'identity'],
  [/^(keyvault( key| secret| certificate)?|monitor log-analytics workspace|cognitiveservices account|apim|appconfig|appconfig kv|app-insights component|ml workspace)$/, 'medium', 'other', 'soft-deleted and recoverable until purged'],
  [/^(vm|vmss|vm availability-set|container|containerapp( env| job)?|aks( nodepool)?|webapp( deployment slot)?|functionapp|appservice plan|staticwebapp|spring( app)?|batch (account|pool)|sf cluster|hdinsight|databricks workspace|synapse workspace|logic workflow|iot hub|vm image)$/, 'high', 'compute'],
  [/^(network( .*)?|cdn( .*)?|afd( .*)?|dns( .*)?|private-dns( .*)?|traffic-manager( .*)?)$/, 'high', 'network'],
  [/^(sql( db| server| mi| elastic-pool| db ltr-backup| midb)?|cosmosdb( .*)?|(postgres|mysql|mariadb)( flexible-server)?( db)?|postgres server|storage( .*)?|netappfiles( .*)?|kusto( .*)?|search service|disk|snapshot|backup( .*)?|redis enterprise( .*)?|datafactory|dls (account|fs)|dla account|elastic-san( .*)?|managed-cassandra( .*)?)$/, 'high', 'data'],
  [/^(servicebus( .*)?|eventhubs( .*)?|eventgrid (topic|domain|namespace|system-topic)|relay( .*)?|storage queue|notification-hub namespace)$/, 'high', 'queue'],
  [/^(monitor log-analytics workspace table|monitor app-insights component|monitor data-collection rule)$/, 'high', 'logs'],
  [/^(acr( repository| replication| connected-registry)?)$/, 'high', 'registry'],
  [/^(ad (user|sp|app|group)|identity|role definition|ad app credential|ad sp credential)$/, 'high', 'identity'],
  [/^(keyvault certificate issuer|network application-gateway ssl-cert|webapp config ssl|appservice certificate|functionapp config ssl)$/, 'high', 'certificate'],
  [/^(lock|group lock|resource lock)$/, 'high', 'other', 'the lock that stops the resources from being deleted'],
  [/^(redis|monitor .*|policy .*)$/, 'medium', 'other'],
];

function readGcloudOrAz(c: CloudCall): CloudVerbCall | undefined {
  const pos = c.positionals;
  const at = pos.findIndex((w) => DESTRUCTIVE_VERBS.has(w.value) || /^(remove|delete)-[a-z-]+$/.test(w.value));
  if (at < 1) return undefined;
  const verb = pos[at].value;
  const groups = pos.slice(0, at).map((w) => w.value);
  let names = c.tool === 'gcloud' ? pos.slice(at + 1) : [];
  if (c.tool === 'az') names = optionWords(c.args, 'name', 'n', 'ids').filter((w) => !w.value.startsWith('-'));
  return {
    tool: c.tool,
    label: `${c.tool} ${[...groups, verb].join(' ')}`,
    pathWords: pos.slice(0, at + 1),
    verb,
    resource: groups,
    names: names.slice(0, 6),
    targets: c.targets,
    args: c.args,
    call: c,
  };
}

function judgeTable(table: readonly [RegExp, Severity | 'none', ResourceClass, string?][], path: string, verb: string, noun: string): VerbJudgement {
  for (const [re, severity, cls, note] of table) if (re.test(path)) return { severity, cls, note };
  return judgeNoun(noun, verb);
}

function judgeGcloud(v: CloudVerbCall): VerbJudgement {
  const path = v.resource.join(' ');
  if (v.verb.startsWith('remove-')) {
    if (/labels|tags|resource-policies/.test(v.verb)) return { severity: 'none', cls: 'other' };
    if (/iam-policy-binding|invoker|member|access/.test(v.verb)) return { severity: 'low', cls: 'identity', note: 'it only closes access' };
    return { severity: 'medium', cls: 'other' };
  }
  if (v.verb.startsWith('delete-')) return judgeNoun(v.verb.slice(7), 'delete');
  return judgeTable(GCLOUD_GROUPS, path, v.verb, v.resource[v.resource.length - 1]);
}

function judgeAz(v: CloudVerbCall): VerbJudgement {
  const path = v.resource.join(' ');
  if (v.verb === 'remove' && /(^| )(tag|tags|label|labels)$/.test(path)) return { severity: 'none', cls: 'other' };
  if (v.verb.startsWith('remove-') || v.verb.startsWith('delete-')) {
    const noun = v.verb.replace(/^(remove|delete)-/, '');
    return judgeNoun(noun, 'delete');
  }
  const j = judgeTable(AZ_GROUPS, path, v.verb, v.resource[v.resource.length - 1]);
  // A Log Analytics workspace deleted with --force skips the soft-delete period.
  if (path === 'monitor log-analytics workspace' && switchValue(v.args, 'force') === true) return { severity: 'high', cls: 'logs', note: 'with --force, skipping the soft-delete period' };
  if (v.verb === 'purge') return { severity: 'high', cls: j.cls === 'other' ? 'data' : j.cls, note: 'permanently, past any soft-delete period' };
  if (v.verb === 'remove' && j.severity === 'high') return { severity: 'medium', cls: j.cls };
  return j;
}

// ---------------------------------------------------------------------------------------------
// doctl, linode-cli, openstack (and the legacy clients), gh, bq

interface GenericSpec {
  spec: CliSpec;
  /** Groups that are local configuration (never a finding). */
  local?: RegExp;
}

const GENERIC: Readonly<Record<string, GenericSpec>> = {
  doctl: {
    spec: { unknownLong: 'bool', valued: new Set(['context', 'access-token', 'api-url', 'config', 'output', 'format', 'template', 'region', 'tag-name', 'inbound-rules', 'outbound-rules']), shortValued: 'tcuo' },
    local: /^(auth|completion|version|account|balance|invoice|billing-history)( |$)/,
  },
  'linode-cli': { spec: { unknownLong: 'value', bool: new Set(['recursive', 'force', 'text', 'json', 'all', 'no-headers', 'no-defaults', 'suppress-warnings', 'all-rows', 'debug']) }, local: /^(configure|completion|set-user|show-users|remove-user|plugins?|register-plugin|remove-plugin|events|support)( |$)/ },
  openstack: { spec: { unknownLong: 'value', bool: new Set(['wait', 'purge', 'force', 'recursive', 'cascade', 'dry-run', 'yes', 'all', 'keep-project', 'insecure', 'debug', 'verbose', 'quiet']), shortValued: 'fc' } },
  gh: { spec: { unknownLong: 'bool', valued: new Set(['repo', 'env', 'org', 'hostname', 'owner', 'codespace', 'key', 'ref', 'branch', 'app', 'json', 'jq', 'template']), shortValued: 'Rceoqt' }, local: /^(alias|extension|ext|auth|config|completion|help|cache|label|status|browse)( |$)/ },
};

/** The verbs of these CLIs: doctl's aliases `rm`/`d`, linode-cli's `<noun>-delete` actions. */
function genericVerb(tool: string, w: string): boolean {
  if (DESTRUCTIVE_VERBS.has(w)) return true;
  if (tool === 'doctl') return w === 'rm' || w === 'd' || w === 'delete-tag' || w === 'delete-manifest';
  if (tool === 'linode-cli') return /-delete$/.test(w) || w === 'rm' || w === 'rb' || w === 'del';
  if (tool === 'gh') return w === 'rm' || w === 'delete-asset';
  return false;
}

/** doctl / linode-cli / openstack / gh: a path of groups, the verb, then names. */
function readGeneric(cmd: SimpleCommand, tool: string): CloudVerbCall | undefined {
  const g = GENERIC[tool];
  const p = parseArgs(cmd.args, g.spec);
  const pos = p.positionals;
  const at = pos.findIndex((w, i) => (i > 0 || tool === 'linode-cli' ? genericVerb(tool, w.value) : false) || (tool === 'openstack' && i > 0 && w.value === 'purge'));
  if (at < 1) return undefined;
  const groups = pos.slice(0, at).map((w) => w.value);
  if (g.local?.test(groups.join(' '))) return undefined;
  return {
    tool,
    label: `${tool} ${[...groups, pos[at].value].join(' ')}`,
    pathWords: pos.slice(0, at + 1),
    verb: pos[at].value,
    resource: groups,
    names: pos.slice(at + 1, at + 7),
    targets: [labelled('context', optionValue(p, 'context')), labelled('cloud', optionValue(p, 'os-cloud')), labelled('project', optionValue(p, 'os-project-name')), ...targetAssignments(cmd)].filter((x): x is string => x !== undefined),
    args: p,
  };
}

const DOCTL: readonly [RegExp, Severity | 'none', ResourceClass][] = [
  [/^compute tag$/, 'none', 'other'],
  [/^(compute firewall|databases firewalls)$/, 'high', 'network'],
  [/^compute (ssh-key|image|action)$/, 'medium', 'other'],
  [/^(compute (droplet|volume|snapshot|droplet-autoscale)|apps|kubernetes( cluster)?( node-pool)?|serverless .*|genai .*)$/, 'high', 'compute'],
  [/^(compute (load-balancer|domain|domain records|reserved-ip|floating-ip|certificate|cdn|reserved-ipv6)|vpcs|vpcs peerings|network .*)$/, 'high', 'network'],
  [/^(databases( user| db| pool| replica| topics| index)?|spaces|spaces keys|volumes?)$/, 'high', 'data'],
  [/^registry( repository)?$/, 'high', 'registry'],
  [/^(projects( resources)?|monitoring .*|1-click .*)$/, 'medium', 'other'],
];

const LINODE: readonly [RegExp, Severity | 'none', ResourceClass][] = [
  [/^tags$/, 'none', 'other'],
  [/^(sshkeys|images|stackscripts|longview|managed|placement|profile)$/, 'medium', 'other'],
  [/^(linodes|lke|nodebalancers-node)$/, 'high', 'compute'],
  [/^(volumes|databases|object-storage|obj)$/, 'high', 'data'],
  [/^(domains|nodebalancers|firewalls|networking|vpcs|vlans)$/, 'high', 'network'],
  [/^(users|account)$/, 'high', 'identity'],
];

const OPENSTACK: readonly [RegExp, Severity | 'none', ResourceClass][] = [
  [/ rule$|^role$|^network rbac$|^(server|port) (remove )?security group$/, 'low', 'identity'],
  [/^(keypair|image|flavor|aggregate|quota|server group|volume type|region|application credential|credential|ec2 credentials|trust|object|volume qos|metric .*|alarm .*)$/, 'medium', 'other'],
  [/^(server|server image|baremetal node|coe cluster|coe nodegroup|stack|zun .*|appcontainer|workflow .*)$/, 'high', 'compute'],
  [/^(volume|volume snapshot|volume backup|consistency group|share|share snapshot|container|database instance|database cluster|database backup)$/, 'high', 'data'],
  [/^(network|subnet|router|port|floating ip|security group|loadbalancer( .*)?|zone|recordset|network trunk|network segment|subnet pool|address scope|vpn .*|bgp .*|endpoint|service)$/, 'high', 'network'],
  [/^(user|project|domain|group)$/, 'high', 'identity'],
  [/^(secret|secret container|acl)$/, 'high', 'certificate'],
];

const GH: readonly [RegExp, Severity | 'none', ResourceClass][] = [
  [/^(run)$/, 'low', 'other'],
  [/^(ssh-key|gpg-key|repo deploy-key)$/, 'low', 'identity'],
  [/^(secret|variable|gist|release|codespace|repo autolink)$/, 'medium', 'other'],
  [/^(issue|project|discussion)$/, 'high', 'data'],
];

function judgeGenericTable(table: readonly [RegExp, Severity | 'none', ResourceClass][], path: string, verb: string): VerbJudgement {
  for (const [re, severity, cls] of table) if (re.test(path)) return { severity, cls };
  return judgeNoun(path.split(' ').pop() ?? '', verb);
}

function judgeGeneric(v: CloudVerbCall): VerbJudgement {
  const path = v.resource.join(' ');
  switch (v.tool) {
    case 'doctl':
      return judgeGenericTable(DOCTL, path, v.verb);
    case 'linode-cli': {
      if (v.resource[0] === 'obj') {
        if (v.verb === 'rb') return { severity: hasOption(v.args, 'recursive') ? 'high' : 'medium', cls: 'data' };
        return { severity: hasOption(v.args, 'recursive') ? 'high' : 'medium', cls: 'data' };
      }
      const sub = v.verb.replace(/-?delete$/, '');
      if (/^(config|node|rule|ip|firewall-device)$/.test(sub) && v.resource[0] !== 'nodebalancers') return { severity: 'medium', cls: 'other' };
      if (/^(key|keys|token|app)$/.test(sub)) return { severity: 'medium', cls: 'identity' };
      return judgeGenericTable(LINODE, v.resource[0] ?? '', v.verb);
    }
    case 'openstack': {
      if (v.verb === 'purge') return { severity: hasOption(v.args, 'dry-run') ? 'none' : 'critical', cls: 'data', note: 'every resource the project owns' };
      if (v.verb === 'remove') {
        const rest = v.names.map((w) => w.value);
        if (/security/.test(rest[0] ?? '') || v.resource[0] === 'role') return { severity: 'low', cls: 'identity', note: 'it only closes access' };
        return { severity: 'medium', cls: 'other' };
      }
      return judgeGenericTable(OPENSTACK, path, v.verb);
    }
    case 'gh':
      if (path === 'codespace' && hasOption(v.args, 'all')) return { severity: 'high', cls: 'compute', note: 'with any work not pushed from them' };
      if (path === 'release' && v.verb === 'delete-asset') return { severity: 'medium', cls: 'registry' };
      return judgeGenericTable(GH, path, v.verb);
  }
  return judgeNoun(path, v.verb);
}

/** Legacy OpenStack clients: `nova delete`, `cinder snapshot-delete`, `neutron net-delete`, `swift delete`. */
const LEGACY: Readonly<Record<string, ResourceClass>> = { nova: 'compute', cinder: 'data', glance: 'registry', neutron: 'network', swift: 'data', heat: 'compute', trove: 'data', manila: 'data', designate: 'network', keystone: 'identity', octavia: 'network', magnum: 'compute' };

function readLegacy(cmd: SimpleCommand): CloudVerbCall | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'value', bool: new Set(['all', 'force', 'yes', 'insecure', 'debug', 'leave-segments', 'prefix']), shortValued: '' });
  const [sub, ...rest] = p.positionals;
  if (!sub || !(sub.value === 'delete' || sub.value === 'force-delete' || /-delete$/.test(sub.value) || sub.value === 'purge')) return undefined;
  return {
    tool: cmd.program,
    label: `${cmd.program} ${sub.value}`,
    pathWords: [sub],
    verb: sub.value,
    resource: [cmd.program, sub.value.replace(/-?delete$/, '')],
    names: rest.slice(0, 6),
    targets: targetAssignments(cmd),
    args: p,
  };
}

function judgeLegacy(v: CloudVerbCall): VerbJudgement {
  const [program, noun] = v.resource;
  if (/(^|-)rule$/.test(noun)) return { severity: 'low', cls: 'network', note: 'it only closes access' };
  if (program === 'swift') {
    if (hasOption(v.args, 'all')) return { severity: 'critical', cls: 'data', note: 'every container in the account' };
    return v.names.length > 1 ? { severity: 'medium', cls: 'data' } : { severity: 'high', cls: 'data' };
  }
  if (program === 'glance') return { severity: 'medium', cls: 'registry' };
  if (program === 'nova' && noun && noun !== 'force') return judgeNoun(noun, 'delete');
  return { severity: 'high', cls: LEGACY[program] ?? 'other' };
}

/** `bq rm`: a table unless -d (dataset, with -r every table in it), -m (model) or another kind. */
function readBq(cmd: SimpleCommand): CloudVerbCall | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: new Set(['project_id', 'location', 'format', 'api', 'dataset_id']), shortValued: '' });
  const at = p.positionals.findIndex((w) => w.value === 'rm');
  if (at === -1) return undefined;
  return { tool: 'bq', label: 'bq rm', pathWords: [p.positionals[at]], verb: 'rm', resource: ['bq'], names: p.positionals.slice(at + 1, at + 4), targets: [labelled('project', optionValue(p, 'project_id')), ...targetAssignments(cmd)].filter((x): x is string => x !== undefined), args: p };
}

function judgeBq(v: CloudVerbCall): VerbJudgement {
  const o = v.args.options;
  if (o.has('m') || o.has('model') || o.has('transfer_config') || o.has('reservation') || o.has('capacity_commitment') || o.has('reservation_assignment') || o.has('connection') || o.has('routine')) return { severity: 'medium', cls: 'other' };
  if (o.has('d') || o.has('dataset')) return { severity: 'high', cls: 'data', note: o.has('r') || o.has('recursive') ? 'with every table in it' : undefined };
  return { severity: 'high', cls: 'data' };
}

// ---------------------------------------------------------------------------------------------
// The entry points

/** Programs whose lines this module reads. */
export const VERB_TOOLS: readonly string[] = ['aws', 'gcloud', 'az', 'doctl', 'linode-cli', 'openstack', 'gh', 'bq', ...Object.keys(LEGACY)];

/** Reads a destructive operation from a cloud command line, or undefined when there is none. */
export function readCloudVerb(cmd: SimpleCommand): CloudVerbCall | undefined {
  if (cmd.program === 'aws' || cmd.program === 'gcloud' || cmd.program === 'az') {
    const c = cloudCall(cmd);
    if (!c || c.inert) return undefined;
    return c.tool === 'aws' ? readAws(c) : readGcloudOrAz(c);
  }
  if (cmd.program === 'bq') return readBq(cmd);
  if (LEGACY[cmd.program]) return readLegacy(cmd);
  if (GENERIC[cmd.program]) {
    const v = readGeneric(cmd, cmd.program);
    if (!v || hasOption(v.args, 'help') || hasOption(v.args, 'h') || hasOption(v.args, 'dry-run')) return undefined;
    return v;
  }
  return undefined;
}

/** How bad the operation is, by the kind of resource and how recoverable its deletion is. */
export function judgeCloudVerb(v: CloudVerbCall): VerbJudgement {
  switch (v.tool) {
    case 'aws':
      return judgeAws(v);
    case 'gcloud':
      return judgeGcloud(v);
    case 'az':
      return judgeAz(v);
    case 'bq':
      return judgeBq(v);
    case 'doctl':
    case 'linode-cli':
    case 'openstack':
    case 'gh':
      return judgeGeneric(v);
  }
  return judgeLegacy(v);
}

/** What each class of resource is, for messages. */
export const CLASS_TEXT: Readonly<Record<ResourceClass, { what: string; why: string }>> = {
  compute: { what: 'running compute', why: 'whatever it serves goes down, with anything configured or stored on it by hand' },
  data: { what: 'a data store', why: 'the data in it may have no other copy' },
  queue: { what: 'a queue, topic or stream', why: 'the messages in it are lost and producers and consumers start failing' },
  logs: { what: 'logs or audit records', why: 'the record of what happened is gone for good' },
  registry: { what: 'a registry or the images and packages in it', why: 'deployments that pull from it start failing' },
  identity: { what: 'an identity or credential', why: 'people and services that sign in with it are locked out, and it cannot be recreated with the same id' },
  certificate: { what: 'a certificate or key', why: 'TLS and signatures that rely on it stop working' },
  network: { what: 'network infrastructure', why: 'traffic that flows through it stops' },
  other: { what: 'a cloud resource', why: 'it has to be recreated by hand' },
};

