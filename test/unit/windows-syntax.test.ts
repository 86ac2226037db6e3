import assert from 'node:assert/strict';
import { windowsDialectsOf } from '../../src/core/shell/windows-syntax';

describe('windowsDialectsOf: bash lines written for PowerShell or cmd.exe', () => {
  it('a cmdlet as a statement\'s first word, or $env:, is PowerShell', () => {
    for (const line of ['Remove-Item -Recurse C:\\x', 'npm test; Stop-Process -Name node', 'echo $env:PATH', 'Get-ChildItem | Remove-Item']) assert.deepEqual(windowsDialectsOf(line), ['pwsh'], line);
  });
  it('a cmd built-in with /x switches is cmd.exe', () => {
    for (const line of ['rd /s /q build', 'del /s /q src', 'taskkill /f /im node.exe', 'reg delete HKCU\\Software\\X /f', 'diskpart /s wipe.txt', 'start /wait diskpart /s wipe.txt', 'start "" /b cmd /c rd /s /q build']) assert.deepEqual(windowsDialectsOf(line), ['cmd'], line);
  });
  it('a drive-letter path alone may be either', () => {
    assert.deepEqual(windowsDialectsOf('cp C:\\x.txt .'), ['pwsh', 'cmd']);
  });
  it('ordinary bash is neither', () => {
    for (const line of ['rm -rf dist', 'git push --force', 'apt-get install jq', 'ssh-keygen -t ed25519', 'docker-compose down', 'ls /usr/share', 'curl https://x.example/a:b', 'rmdir build', 'echo a:b', 'git log --format=%H', 'start ssh', 'sudo start nginx']) assert.deepEqual(windowsDialectsOf(line), [], line);
  });
});
