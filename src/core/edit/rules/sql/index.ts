/**
 * SQL migrations: statements that the edit adds and that destroy data when the migration runs.
 * Only new statements count (a migration that already had `DROP TABLE` is not this edit's
 * fault); statements in a down/rollback section or file are left alone, since they only run
 * when someone rolls back on purpose. ORM migration files are read through their own API calls
 * and the raw SQL strings they execute.
 */
import type { EditRule } from '../../rule';
import { deleteOrUpdateWithoutWhere } from './delete-or-update-without-where';
import { dropColumn } from './drop-column';
import { dropDatabaseOrSchema } from './drop-database-or-schema';
import { dropTable } from './drop-table';
import { lockHeavyRewrite } from './lock-heavy-rewrite';
import { ormDestructiveMigration } from './orm-destructive-migration';
import { truncate } from './truncate';

export const SQL_RULES: readonly EditRule[] = [dropDatabaseOrSchema, dropTable, truncate, deleteOrUpdateWithoutWhere, dropColumn, lockHeavyRewrite, ormDestructiveMigration];
