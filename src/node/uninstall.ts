/**
 * `dist/uninstall.js`, run by VS Code (the `vscode:uninstall` script) once the extension is
 * removed: takes out the agent hooks and git hooks that run its launchers, the launchers, the
 * shims folder and the Copilot approval entries it wrote. It must never fail the uninstall, so
 * every problem is printed and the exit code stays 0.
 */
import { cleanupAfterExtension } from './hooks/cleanup';
import { hostEnv } from './hooks/paths';

function main(): void {
  let lines: string[];
  try {
    lines = cleanupAfterExtension({ host: hostEnv(), distDir: __dirname });
  } catch (e) {
    lines = [`cleanup failed: ${e instanceof Error ? e.message : String(e)}`];
  }
  for (const l of lines) process.stdout.write(`blast-radius uninstall: ${l}\n`);
}

if (require.main === module) main();

export { main };
