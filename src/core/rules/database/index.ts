/**
 * Databases emptied or dropped from the command line: SQL handed to a client (`psql -c`,
 * `mysql -e`, heredocs), NoSQL shells (`mongosh --eval`, `redis-cli FLUSHALL`), the drop
 * utilities (`dropdb`, `mysqladmin drop`) and the reset commands of migration tools and
 * frameworks (`prisma migrate reset`, `rails db:drop`, `flyway clean`). A host, database or
 * environment that looks like production raises the severity one step.
 */
import type { RulePack } from '../rule';
import { dropDatabaseUtility } from './drop-database-utility';
import { migrationToolReset } from './migration-tool-reset';
import { nosqlDestructiveCommand } from './nosql-destructive-command';
import { sqlDestructiveStatement } from './sql-destructive-statement';
import { messageBrokerDelete } from './message-broker-delete';
import { kvStoreWipe } from './kv-store-wipe';
import { dataApiDelete } from './data-api-delete';
import { queryInCode } from './query-in-code';
import { cypherDestructive } from './cypher-destructive';

export const databasePack: RulePack = {
  name: 'database',
  description: 'Dropping, truncating and wiping databases: SQL through clients, NoSQL shells, drop utilities and framework reset commands.',
  rules: [sqlDestructiveStatement, nosqlDestructiveCommand, dropDatabaseUtility, migrationToolReset, messageBrokerDelete, kvStoreWipe, dataApiDelete, queryInCode, cypherDestructive],
};
