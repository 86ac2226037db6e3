import { kindName } from '../../plain-text';
import { looksProduction, optionValue, parseArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import type { CommandRule, RuleMatch } from '../rule';
import { type CypherHit, fromProgram, rank, remoteHosts, scanCypher, type Script, set, stdinScript } from './helpers';

// ---------------------------------------------------------------------------------------------
// DB009: Cypher that deletes the graph, through cypher-shell

export const cypherDestructive: CommandRule = {
  id: 'DB009',
  name: 'cypher-destructive',
  category: 'database',
  severity: 'critical',
  triggers: [{ programs: ['cypher-shell'] }],
  summary: 'Runs Cypher that deletes every node (MATCH (n) DETACH DELETE n), every node of a label, a whole Neo4j database (DROP DATABASE) or a user or role, through cypher-shell.',
  rationale: 'A MATCH without WHERE matches everything it names, and DETACH DELETE removes those nodes with all their relationships in one transaction; Neo4j has no undo and no trash.',
  alternative: 'Count first (`MATCH (n:Label) RETURN count(n)`), add a WHERE clause, dump the database (`neo4j-admin database dump`), and delete in batches you have read.',
  examples: {
    fire: ["cypher-shell -u neo4j -p pw 'MATCH (n) DETACH DELETE n'", "cypher-shell 'MATCH (u:User) DETACH DELETE u'", "echo 'MATCH (n) DETACH DELETE n;' | cypher-shell", "cypher-shell -d system 'DROP DATABASE movies'"],
    pass: ["cypher-shell 'MATCH (n) RETURN count(n)'", "cypher-shell 'MATCH (u:User) WHERE u.id = 1 DETACH DELETE u'", "cypher-shell 'MATCH (u:User {id: 1}) DELETE u'", 'cypher-shell -f import.cypher', "cypher-shell 'RETURN \"MATCH (n) DETACH DELETE n\"'"],
  },
  check(cmd): RuleMatch | undefined {
    const p = parseArgs(cmd.args, {
      unknownLong: 'bool',
      shortValued: 'aupdPf',
      valued: set('address', 'uri', 'username', 'password', 'database', 'format', 'param', 'file', 'encryption', 'impersonate', 'access-mode', 'log', 'history', 'idle-timeout', 'notifications'),
    });
    const scripts: Script[] = p.positionals.map((w) => ({ text: w.value, span: w.span, from: 'as an argument' }));
    if (!scripts.length && !p.options.has('f') && !p.options.has('file')) {
      const s = stdinScript(cmd);
      if (s) scripts.push(s);
    }
    let best: { hit: CypherHit; script: Script } | undefined;
    for (const s of scripts.slice(0, 10)) for (const hit of scanCypher(s.text)) if (!best || rank(hit.severity) > rank(best.hit.severity)) best = { hit, script: s };
    if (!best) return undefined;
    const address = optionValue(p, 'a', 'address', 'uri');
    const db = optionValue(p, 'd', 'database');
    const prod = looksProduction(address, db, ...remoteHosts(cmd), ...targetAssignments(cmd));
    return {
      severity: prod ? raised(best.hit.severity) : best.hit.severity,
      message: `${best.hit.what} (cypher-shell${address ? ` at ${shown(address)}` : ''}${db ? `, ${kindName('database', shown(db))}` : ''}, Cypher ${best.script.from})${prod ? '; the database looks like production' : ''}.`,
      span: fromProgram(cmd, best.script.span),
      context: productionContext(prod),
    };
  },
};
