import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValue, optionValues, optionWords, parseArgs, type ParsedArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { remoteHosts, set } from './helpers';

// ---------------------------------------------------------------------------------------------
// Message brokers: topics, queues, streams and their messages deleted

interface Hit {
  severity: Severity;
  what: string;
  words: Word[];
  /** Names and servers, for the production test. */
  names: (string | undefined)[];
}

/** A topic name or pattern that reaches more than one topic. */
const WIDE = /[*?]|\.\*|^\.\+$|\|/;

const KAFKA_SPEC = {
  unknownLong: 'value' as const,
  bool: set('delete', 'list', 'describe', 'create', 'alter', 'if-exists', 'if-not-exists', 'execute', 'dry-run', 'export', 'all-topics', 'all-groups', 'to-earliest', 'to-latest', 'to-current', 'reset-offsets', 'delete-offsets', 'help', 'version', 'exclude-internal', 'force'),
};

function kafka(cmd: SimpleCommand): Hit | undefined {
  const tool = cmd.program.replace(/\.sh$/, '');
  const p = parseArgs(cmd.args, KAFKA_SPEC);
  const server = optionValue(p, 'bootstrap-server', 'zookeeper');
  if (tool === 'kafka-topics' && p.options.has('delete')) {
    const topics = optionValues(p, 'topic');
    const wide = topics.some((t) => WIDE.test(t));
    return { severity: wide ? 'critical' : 'high', what: `deletes the ${kindName(`Kafka topic${wide || topics.length > 1 ? 's' : ''}`, topics.map((t) => shown(t)).join(', ') || '(unnamed)')}${wide ? ' (a pattern: every topic it matches)' : ''} and every message in ${wide ? 'them' : 'it'}`, words: optionWords(p, 'delete', 'topic'), names: [...topics, server] };
  }
  if (tool === 'kafka-delete-records') return { severity: 'high', what: `deletes Kafka records up to the offsets in ${shown(optionValue(p, 'offset-json-file') ?? 'the offset file')}`, words: optionWords(p, 'offset-json-file'), names: [server] };
  if (tool === 'kafka-consumer-groups') {
    const groups = optionValues(p, 'group');
    if (p.options.has('delete') || p.options.has('delete-offsets')) return { severity: 'medium', what: `deletes the committed offsets of consumer ${kindName('group', groups.map((g) => shown(g)).join(', ') || '(all)')}: it restarts from its reset policy`, words: optionWords(p, 'delete', 'delete-offsets', 'group'), names: [...groups, server] };
    if (p.options.has('reset-offsets') && p.options.has('execute')) return { severity: 'medium', what: `moves the offsets of consumer ${kindName('group', groups.map((g) => shown(g)).join(', ') || '(all)')}: messages are skipped or processed again`, words: optionWords(p, 'reset-offsets', 'execute'), names: [...groups, server] };
    return undefined;
  }
  if (tool === 'kafka-configs' && p.options.has('alter')) {
    const configs = optionValues(p, 'add-config').join(',');
    const ms = /retention\.ms=(\d+)/.exec(configs);
    const bytes = /retention\.bytes=(\d+)/.exec(configs);
    if ((ms && Number(ms[1]) <= 3_600_000) || (bytes && Number(bytes[1]) <= 1_000_000)) {
      return { severity: 'medium', what: `shortens the retention of ${shown(optionValue(p, 'entity-name') ?? 'the topic')} to ${ms ? `${ms[1]} ms` : `${bytes![1]} bytes`}: the broker deletes older messages`, words: optionWords(p, 'add-config'), names: [optionValue(p, 'entity-name'), server] };
    }
  }
  if (tool === 'kafka-streams-application-reset') return { severity: 'medium', what: `resets the ${kindName('Kafka Streams application', shown(optionValue(p, 'application-id') ?? ''))}: its offsets and internal topics are deleted`, words: optionWords(p, 'application-id'), names: [optionValue(p, 'application-id'), server] };
  return undefined;
}

function rpk(p: ParsedArgs): Hit | undefined {
  const [group, verb, ...names] = p.positionals;
  if (group?.value === 'topic' && (verb?.value === 'delete' || verb?.value === 'trim-prefix')) {
    const wide = p.options.has('regex') || p.options.has('r') || names.some((n) => WIDE.test(n.value));
    return { severity: wide ? 'critical' : 'high', what: `${verb.value === 'delete' ? 'deletes' : 'trims'} the ${kindName(`Redpanda topic${names.length > 1 || wide ? 's' : ''}`, names.map((n) => shown(n.value)).join(', '))}${wide ? ' (a pattern)' : ''} and ${verb.value === 'delete' ? 'every message' : 'the messages before the offset'}`, words: [group, verb, ...names], names: names.map((n) => n.value) };
  }
  if (group?.value === 'group' && verb?.value === 'delete') return { severity: 'medium', what: `deletes the ${kindName('consumer group', names.map((n) => shown(n.value)).join(', '))}`, words: [group, verb, ...names], names: names.map((n) => n.value) };
  return undefined;
}

const RABBITMQCTL: Readonly<Record<string, [Severity, (a: string | undefined) => string]>> = {
  delete_queue: ['high', (a) => `deletes the ${kindName('queue', shown(a ?? ''))} and every message in it`],
  purge_queue: ['high', (a) => `deletes every message in the ${kindName('queue', shown(a ?? ''))}`],
  delete_vhost: ['critical', (a) => `deletes the ${kindName('virtual host', shown(a ?? ''))} with every queue, exchange and message in it`],
  reset: ['critical', () => 'returns the node to a blank state: every queue, message, user and policy on it is deleted'],
  force_reset: ['critical', () => 'forcibly returns the node to a blank state: every queue, message, user and policy on it is deleted'],
  delete_user: ['medium', (a) => `deletes the ${kindName('user', shown(a ?? ''))}: whatever connects as it is locked out`],
  stop_app: ['medium', () => 'stops the RabbitMQ application: producers and consumers lose their connections'],
  stop: ['medium', () => 'stops the RabbitMQ node'],
  shutdown: ['medium', () => 'shuts the RabbitMQ node down'],
  forget_cluster_node: ['medium', (a) => `removes ${shown(a ?? 'a node')} from the cluster`],
  delete_shovel: ['medium', (a) => `deletes the ${kindName('shovel', shown(a ?? ''))}`],
};

function rabbit(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const [verb, arg, more] = p.positionals;
  if (!verb) return undefined;
  const vhost = optionValue(p, 'vhost', 'p', 'V');
  if (cmd.program === 'rabbitmqctl' || cmd.program === 'rabbitmq-queues') {
    const hit = RABBITMQCTL[verb.value];
    if (!hit) return undefined;
    return { severity: hit[0], what: `rabbitmqctl ${verb.value} ${hit[1](arg?.value)}${vhost ? ` (${kindName('vhost', shown(vhost))})` : ''}`, words: [verb, ...(arg ? [arg] : [])], names: [arg?.value, vhost, optionValue(p, 'node', 'n')] };
  }
  // rabbitmqadmin [options] delete|purge <object> name=<name>
  if (!/^(delete|purge)$/.test(verb.value) || !arg) return undefined;
  const name = (more?.value ?? '').replace(/^name=/, '');
  const kind = arg.value;
  const severity: Severity = kind === 'vhost' ? 'critical' : kind === 'queue' ? 'high' : 'medium';
  const what = verb.value === 'purge' ? `deletes every message in the ${kindName('queue', shown(name))}` : `deletes the ${kindName(kind, shown(name))}${kind === 'queue' ? ' and every message in it' : kind === 'vhost' ? ' with every queue and message in it' : ''}`;
  return { severity: verb.value === 'purge' ? 'high' : severity, what: `rabbitmqadmin ${verb.value} ${what}`, words: [verb, arg, ...(more ? [more] : [])], names: [name, vhost, optionValue(p, 'host', 'H')] };
}

function nats(p: ParsedArgs): Hit | undefined {
  const [group, verb, target, item] = p.positionals;
  if (!group || !verb) return undefined;
  const g = group.value;
  const v = verb.value;
  const del = /^(rm|delete|del)$/.test(v);
  if (/^(stream|str)$/.test(g) && (del || v === 'purge')) {
    return { severity: 'high', what: `${del ? 'deletes the JetStream stream' : 'deletes every message in the JetStream stream'} ${shown(target?.value ?? '')}${del ? ' and every message in it' : ''}`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
  }
  if (/^(consumer|con|c)$/.test(g) && del) return { severity: 'medium', what: `deletes the ${kindName('consumer', shown(item?.value ?? ''))} of stream ${shown(target?.value ?? '')}: its position and pending acknowledgements are lost`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
  if (g === 'kv' && (del || v === 'purge')) {
    if (v === 'purge' || item) return { severity: 'medium', what: `${v === 'purge' ? 'purges' : 'deletes'} the ${kindName('key', shown(item?.value ?? ''))} of ${kindName('bucket', shown(target?.value ?? ''))}${v === 'purge' ? ' with its history' : ''}`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
    return { severity: 'high', what: `deletes the ${kindName('key-value bucket', shown(target?.value ?? ''))} and every key in it`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
  }
  if (/^(object|obj)$/.test(g) && del) {
    if (item) return { severity: 'medium', what: `deletes the ${kindName('object', shown(item.value))} of ${kindName('bucket', shown(target?.value ?? ''))}`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
    return { severity: 'high', what: `deletes the ${kindName('object store bucket', shown(target?.value ?? ''))} and every object in it`, words: [group, verb, ...(target ? [target] : [])], names: [target?.value] };
  }
  return undefined;
}

function pulsar(p: ParsedArgs): Hit | undefined {
  const [group, verb, target] = p.positionals;
  if (!group || !verb) return undefined;
  const ws = [group, verb, ...(target ? [target] : [])];
  if (group.value === 'topics' && /^(delete|delete-partitioned-topic)$/.test(verb.value)) return { severity: 'high', what: `deletes the ${kindName('Pulsar topic', shown(target?.value ?? ''))} and its messages`, words: ws, names: [target?.value] };
  if (group.value === 'topics' && verb.value === 'truncate') return { severity: 'high', what: `deletes every message of the ${kindName('Pulsar topic', shown(target?.value ?? ''))}`, words: ws, names: [target?.value] };
  if (group.value === 'topics' && /^(clear-backlog|skip-all)$/.test(verb.value)) return { severity: 'medium', what: `drops the unread backlog of ${shown(target?.value ?? 'the topic')}`, words: ws, names: [target?.value] };
  if ((group.value === 'namespaces' || group.value === 'tenants' || group.value === 'clusters') && verb.value === 'delete') return { severity: 'critical', what: `deletes the ${kindName(`Pulsar ${group.value.slice(0, -1)}`, shown(target?.value ?? ''))} with every topic in it`, words: ws, names: [target?.value] };
  return undefined;
}

/** `activemq purge <queue>` (classic) and `artemis queue delete|purge` (Artemis). */
function activemq(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const [verb, action] = p.positionals;
  if (cmd.program === 'activemq' && verb?.value === 'purge') return { severity: 'high', what: `deletes every message in ${p.positionals.slice(1).map((w) => shown(w.value)).join(', ') || 'the queues'}`, words: p.positionals.slice(0, 2), names: [] };
  if (cmd.program === 'artemis' && verb?.value === 'queue' && /^(delete|purge)$/.test(action?.value ?? '')) return { severity: 'high', what: kindName(action.value === 'delete' ? 'deletes the queue' : 'deletes every message in the queue', shown(optionValue(p, 'name') ?? '')), words: [verb, action], names: [optionValue(p, 'name')] };
  return undefined;
}

const KAFKA_TOOLS = ['kafka-topics', 'kafka-delete-records', 'kafka-consumer-groups', 'kafka-configs', 'kafka-streams-application-reset'].flatMap((t) => [t, `${t}.sh`]);

export const messageBrokerDelete: CommandRule = {
  id: 'DB005',
  name: 'message-broker-delete',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['kafka-topics', 'kafka-topics.sh'], subcommands: ['--delete'] },
    { programs: ['kafka-delete-records', 'kafka-delete-records.sh', 'kafka-streams-application-reset', 'kafka-streams-application-reset.sh'] },
    { programs: ['kafka-consumer-groups', 'kafka-consumer-groups.sh'], subcommands: ['--delete', '--delete-offsets', '--execute'] },
    { programs: ['kafka-configs', 'kafka-configs.sh'], subcommands: ['--alter'] },
    { programs: ['rpk'], subcommands: ['delete', 'trim-prefix'] },
    { programs: ['rabbitmqctl', 'rabbitmq-queues'], subcommands: Object.keys(RABBITMQCTL) },
    { programs: ['rabbitmqadmin'], subcommands: ['delete', 'purge'] },
    { programs: ['nats'], subcommands: ['rm', 'delete', 'del', 'purge'] },
    { programs: ['pulsar-admin'], subcommands: ['delete', 'delete-partitioned-topic', 'truncate', 'clear-backlog', 'skip-all'] },
    { programs: ['activemq'], subcommands: ['purge'] },
    { programs: ['artemis'], subcommands: ['delete', 'purge'] },
  ],
  summary: 'Deletes message-broker topics, queues, streams or their messages (kafka-topics --delete, rabbitmqctl delete_queue/purge_queue/reset, nats stream rm, pulsar-admin topics delete), or moves consumers\' offsets.',
  rationale: 'Messages in a broker are work not yet done or events not yet processed, often the only copy; deleting a topic or purging a queue loses them, and producers and consumers that still use it start failing.',
  alternative: 'Check consumers and backlog first (`kafka-consumer-groups --describe`, `rabbitmqctl list_queues`), let retention expire old data, and delete topics through the platform\'s configuration after review.',
  examples: {
    fire: ['kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic orders', 'rabbitmqctl purge_queue orders', 'rabbitmqctl reset', 'nats stream rm ORDERS -f', 'pulsar-admin topics delete persistent://public/default/orders', 'rpk topic delete orders'],
    pass: ['kafka-topics --bootstrap-server kafka:9092 --list', 'kafka-consumer-groups --bootstrap-server kafka:9092 --reset-offsets --to-earliest --group g1 --all-topics', 'rabbitmqctl list_queues', 'nats stream info ORDERS', 'pulsar-admin topics list public/default', 'rpk topic list'],
  },
  check(cmd): RuleMatch | undefined {
    let hit: Hit | undefined;
    if (KAFKA_TOOLS.includes(cmd.program)) hit = kafka(cmd);
    else {
      const p = parseArgs(cmd.args, { unknownLong: 'value', bool: set('force', 'f', 'help', 'yes', 'y', 'regex', 'r', 'quiet', 'q', 'json', 'no-context', 'trace', 'all'), shortValued: 'pVnsHuUcCx' });
      if (p.options.has('help') || p.options.has('h')) return undefined;
      if (cmd.program === 'rpk') hit = rpk(p);
      else if (cmd.program.startsWith('rabbitmq')) hit = rabbit(cmd, p);
      else if (cmd.program === 'nats') hit = nats(p);
      else if (cmd.program === 'pulsar-admin') hit = pulsar(p);
      else hit = activemq(cmd, p);
    }
    if (!hit) return undefined;
    const prod = looksProduction(...hit.names, ...remoteHosts(cmd), ...targetAssignments(cmd));
    return {
      severity: prod ? raised(hit.severity) : hit.severity,
      message: `${hit.what}${prod ? '; it looks like production' : ''}.`,
      span: spanFromProgram(cmd, hit.words),
      context: productionContext(prod),
    };
  },
};
