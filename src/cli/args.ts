/**
 * A small, strict argument parser: `--name value`, `--name=value`, boolean flags, and `--`
 * ending the options. Anything it does not know is a usage error, never a guess.
 */
import { UsageError } from './io';

export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  /** Takes a value (`--cwd DIR`); otherwise a boolean switch. */
  value?: boolean;
  /** One-letter alias without the dash (`h` for help). */
  short?: string;
  /** Allowed values, when the set is closed. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
  /** The words after `--`, or undefined when there was no `--`. */
  rest?: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command?: string): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return { flags, positionals, rest: argv.slice(i + 1) };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw new UsageError(`unknown option --${name}`, command);
      let value: string | true = true;
      if (spec.value) {
        if (eq !== -1) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else throw new UsageError(`--${name} needs a value`, command);
        if (spec.choices && !spec.choices.includes(value)) {
          throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got ${JSON.stringify(value)})`, command);
        }
      } else if (eq !== -1) {
        throw new UsageError(`--${name} takes no value`, command);
      }
      if (flags.has(spec.name)) throw new UsageError(`--${name} given twice`, command);
      flags.set(spec.name, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const spec = specs.find((s) => s.short !== undefined && `-${s.short}` === arg);
      if (!spec || spec.value) throw new UsageError(`unknown option ${arg}`, command);
      flags.set(spec.name, true);
    } else {
      positionals.push(arg);
    }
  }
  return { flags, positionals };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
