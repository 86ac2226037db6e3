/**
 * Commands that destroy the same thing weigh the same, whichever tool spells them; a command that
 * does all another does and more never weighs less.
 */
import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import type { Severity } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

const RANK: (Severity | 'none')[] = ['none', 'low', 'medium', 'high', 'critical'];
const severityOf = (line: string): Severity | 'none' => evaluateCommand(line, { ctx: TEST_CONTEXT }).severity;

describe('the same destruction weighs the same', () => {
  it('reverting every migration drops the tables they made, in every migration tool', () => {
    const lines = [
      'alembic downgrade base',
      'flask db downgrade base',
      'python manage.py migrate shop zero',
      'php artisan migrate:reset',
      'npx knex migrate:rollback --all',
      'npx sequelize-cli db:migrate:undo:all',
      'mix ecto.rollback --all',
      'dotnet ef database update 0',
      'migrate -path db/migrations -database postgres://localhost/app down -all',
    ];
    assert.deepEqual(lines.map((l) => [l, severityOf(l)]), lines.map((l) => [l, 'high']));
  });

  it('removing a container by force stops it first: never less than stopping it', () => {
    for (const [stop, remove] of [
      ['docker stop web', 'docker rm -f web'],
      ['docker kill web', 'docker container rm --force web'],
      ['podman stop web', 'podman rm -f web'],
      ['docker stop $(docker ps -q)', 'docker rm -f $(docker ps -aq)'],
      ['docker --context prod-eu stop web', 'docker --context prod-eu rm -f web'],
    ]) {
      assert.ok(RANK.indexOf(severityOf(remove)) >= RANK.indexOf(severityOf(stop)), `${remove} (${severityOf(remove)}) weighs less than ${stop} (${severityOf(stop)})`);
    }
  });
});
