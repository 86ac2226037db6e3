import assert from 'node:assert/strict';
import { diskpartSteps } from '../../src/core/rules/filesystem/helpers';
import { extractPowerShell, stringText } from '../../src/core/shell/powershell';

describe('diskpart scripts', () => {
  const steps = (script: string): string[] => diskpartSteps(script).map((s) => `${s.line} ${s.severity} ${s.text}`);

  it('finds the statements that destroy data, by their first letters as diskpart takes them', () => {
    assert.deepEqual(steps('rem wipe the stick\r\nselect disk 1\r\nclean\r\ncreate partition primary\r\nformat fs=ntfs quick\r\nassign letter=E'), ['3 critical clean', '5 critical format fs=ntfs quick']);
    assert.deepEqual(steps('sel dis 2\ncle all'), ['2 critical cle all']);
    assert.deepEqual(steps('select volume 3\ndelete volume\nselect partition 1\ndel par override\nselect disk 4\ndelete disk override'), ['2 high delete volume', '4 critical del par override', '6 critical delete disk override']);
  });

  it('leaves what changes nothing that was there: listing, details, convert on a disk with partitions, delete disk without override', () => {
    assert.deepEqual(steps('list disk\nselect disk 1\ndetail disk\nconvert gpt\nconvert dynamic\ndelete disk\nrescan\nexit'), []);
    // `clear` and `cl` are not clean: diskpart needs the letters of one command.
    assert.deepEqual(steps('cl\nclear'), []);
  });

  it('reads PowerShell strings as the text they stand for', () => {
    assert.equal(stringText("@'\nselect disk 1\nclean\n'@"), 'select disk 1\nclean');
    assert.equal(stringText('"select disk 1`nclean"'), 'select disk 1\nclean');
    assert.equal(stringText("'it''s'"), "it's");
  });

  it('hands diskpart what a PowerShell string or a cmd.exe echo group pipes into it', () => {
    const pwsh = extractPowerShell("@'\nselect disk 1\nclean\n'@ | diskpart", 'pwsh').commands.find((c) => c.program === 'diskpart');
    assert.equal(pwsh?.stdinText, 'select disk 1\nclean');
    const cmd = extractPowerShell('(echo select disk 1 & echo clean) | diskpart | more', 'cmd').commands;
    assert.deepEqual(cmd.find((c) => c.program === 'diskpart')?.pipeline?.previous.map((c) => c.args.map((a) => a.raw).join(' ')), ['select disk 1', 'clean']);
    // The group's own commands are not piped into each other.
    assert.equal(cmd[1].pipeline, undefined);
  });
});
