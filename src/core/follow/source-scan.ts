/**
 * STAND-IN until i14-source lands its module at this path (same exported signature): reading an
 * interpreter's source for deletions and shell-outs. This stand-in finds only the shell-outs the
 * engine already read in inline code (`os.system('…')`, `subprocess.run('…')`, `execSync('…')`,
 * backquotes in Ruby and Perl, `system`), each with its line; deletion APIs (`shutil.rmtree`,
 * `fs.rmSync`, `FileUtils.rm_rf`, `os.RemoveAll`, …) are the real module's.
 * TODO(#14): replaced by i14-source's src/core/follow/source-scan.ts.
 */
import { shellCallsIn } from '../shell/extract';

export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'ruby' | 'perl' | 'go';

export interface SourceStep {
  /** 1-based line of the call in the source. */
  line: number;
  /** The source line that holds it. */
  text: string;
  /** An equivalent shell command line to judge (`rm -rf '/abs/path'`, `rm -rf "$COMPUTED"`). */
  command: string;
}

export interface SourceScan {
  steps: SourceStep[];
  /** What could not be read (a shell-out built at run time, …), one sentence each. */
  issues: string[];
}

const PROGRAM: Readonly<Record<SourceLanguage, string>> = { python: 'python', javascript: 'node', typescript: 'node', ruby: 'ruby', perl: 'perl', go: 'go' };

export function scanSource(language: SourceLanguage, text: string, _opts: { scriptDir?: string } = {}): SourceScan {
  const steps: SourceStep[] = [];
  const lines = text.slice(0, 1024 * 1024).split('\n');
  for (let i = 0; i < lines.length && steps.length < 200; i++) {
    const line = lines[i];
    if (line.length > 8192) continue;
    for (const command of shellCallsIn(line, PROGRAM[language])) steps.push({ line: i + 1, text: line.trim(), command });
  }
  return { steps, issues: [] };
}
