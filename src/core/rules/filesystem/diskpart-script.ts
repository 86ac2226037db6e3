/**
 * What a diskpart script does, statement by statement, as Microsoft's DiskPart command reference
 * describes each command (learn.microsoft.com, windows-commands: clean, format, delete partition,
 * delete volume, delete disk, convert). Only the commands that destroy data count; the rest
 * (list, select, detail, create, assign, rescan, exit, rem …) change nothing that was there.
 */
import type { Severity } from '../../types';

export interface DiskpartStep {
  /** 1-based line of the script. */
  line: number;
  /** The statement as written, trimmed. */
  text: string;
  severity: Severity;
  /** What it destroys, for a message ("erases every partition of the selected disk"). */
  what: string;
}

/** At most this many lines of a script are read; a longer one is judged by its start. */
const MAX_LINES = 2000;

/**
 * The destructive statements of a diskpart script. diskpart matches a command by its first
 * letters (`sel dis 1`, `del par`), as its own help says; parameters are `name=value` or words.
 */
export function diskpartSteps(script: string): DiskpartStep[] {
  const out: DiskpartStep[] = [];
  const lines = script.split(/\r?\n/).slice(0, MAX_LINES);
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const [verb, object] = words;
    if (!verb || verb === 'rem' || verb.startsWith('#')) return;
    const is = (word: string | undefined, full: string, min: number): boolean => !!word && word.length >= min && full.startsWith(word);
    const rest = words.slice(1);
    const step = (severity: Severity, what: string): void => void out.push({ line: i + 1, text, severity, what });
    // clean: removes every partition and volume formatting from the disk with focus; `clean all` also zeroes every sector.
    if (is(verb, 'clean', 3)) return step('critical', rest.includes('all') ? 'zeroes every sector of the selected disk' : 'removes every partition of the selected disk');
    // format: formats the volume or partition with focus, deleting what it holds (quick or not).
    if (is(verb, 'format', 3)) return step('critical', 'formats the selected volume');
    if (is(verb, 'delete', 3)) {
      const override = rest.includes('override');
      // delete partition: deletes the partition with focus; `override` deletes any partition regardless of type (system, boot, OEM).
      if (is(object, 'partition', 3)) return step(override ? 'critical' : 'high', override ? 'deletes the selected partition, whatever its type (override)' : 'deletes the selected partition and what it holds');
      // delete volume: deletes the selected volume (not the system or boot volume).
      if (is(object, 'volume', 3)) return step('high', 'deletes the selected volume and what it holds');
      // delete disk: removes a missing dynamic disk from the list; `override` deletes all simple volumes on the disk.
      if (is(object, 'disk', 3) && override) return step('critical', 'deletes every simple volume of the selected disk (override)');
      return;
    }
    // convert gpt / mbr needs an empty disk (it fails on one with partitions): what empties the disk is the clean before it.
    // convert basic likewise needs an empty dynamic disk; convert dynamic keeps the data.
  });
  return out;
}
