import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { classifyPath } from '../paths';
import { type CommandRule, spanFromProgram } from '../rule';

interface Extraction {
  /** Where the files land: the word given, or undefined for the current directory. */
  dest?: Word;
  /** The archiver asks before it overwrites (unzip without -o). */
  asks: boolean;
}

/** tar: extracts (x in the first word's bundle, -x, --extract, --get) and does not keep old files. */
function tarExtraction(cmd: SimpleCommand): Extraction | undefined {
  let extract = false;
  let dest: Word | undefined;
  cmd.args.forEach((a, i) => {
    const v = a.value;
    if (i === 0 && /^[A-Za-z]+$/.test(v) && v.includes('x')) extract = true;
    else if (v === '--extract' || v === '--get' || (/^-[A-Za-z]+$/.test(v) && v.includes('x'))) extract = true;
    if (v === '-C' || v === '--directory') dest = cmd.args[i + 1];
    else if (v.startsWith('--directory=')) dest = { ...a, value: v.slice('--directory='.length) };
    else if (/^-C./.test(v)) dest = { ...a, value: v.slice(2) };
  });
  if (!extract) return undefined;
  // -k / --keep-old-files / --skip-old-files never replace a file that is there.
  const bundle = (a: Word, i: number): string => (/^-[A-Za-z]+$/.test(a.value) ? a.value.slice(1) : i === 0 && /^[A-Za-z]+$/.test(a.value) ? a.value : '');
  if (cmd.args.some((a, i) => a.value === '--keep-old-files' || a.value === '--skip-old-files' || a.value === '--list' || /[kt]/.test(bundle(a, i)))) return undefined;
  return { dest, asks: false };
}

function unzipExtraction(cmd: SimpleCommand): Extraction | undefined {
  if (cmd.args.some((a) => /^-[A-Za-z]*[lvtZ]/.test(a.value) || a.value === '-n')) return undefined;
  const d = cmd.args.findIndex((a) => a.value === '-d');
  const dest = d === -1 ? undefined : cmd.args[d + 1];
  return { dest, asks: !cmd.args.some((a) => /^-[A-Za-z]*o/.test(a.value)) };
}

/** Folders under the system root that exist to take software a person installs by hand. */
const LOCAL_PLACES = /^\/(usr\/local|opt)(\/|$)/;

export const extractOverSystem: CommandRule = {
  id: 'FS015',
  name: 'extract-over-system',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['tar', 'bsdtar', 'gtar', 'unzip'] }],
  summary: 'Extracts an archive over the system root or a system folder, replacing whatever files of the system the archive holds.',
  rationale:
    'tar and unzip -o overwrite existing files without asking: an archive unpacked at / (or /etc, /usr, /boot) can replace libraries, configuration and binaries the machine needs, and there is no list of what it replaced.',
  alternative: 'Extract into a folder of its own first (`tar -xf x.tar -C /tmp/x`) and look, then copy only what belongs; install software under /usr/local or /opt.',
  examples: {
    fire: ['tar -xzf backup.tar.gz -C /', 'sudo tar xpf rootfs.tar --directory=/', 'unzip -o update.zip -d /etc', 'cd / && tar xf /tmp/sys.tar'],
    pass: ['tar -xzf release.tar.gz', 'tar -xzf node.tar.gz -C build/', 'tar -tzf backup.tar.gz', 'tar -czf out.tar.gz -C / etc', 'unzip -l x.zip', 'tar -xkf x.tar -C /'],
  },
  check(cmd, { ctx }) {
    if (cmd.remote) return undefined;
    const x = cmd.program === 'unzip' ? unzipExtraction(cmd) : tarExtraction(cmd);
    if (!x) return undefined;
    const where = x.dest ?? { ...cmd.programWord, value: '.', raw: '.', dynamic: false, glob: false };
    const t = classifyPath(where, cmd, ctx);
    if (t.cls !== 'system-root') return undefined;
    const root = t.path === '/';
    let severity: Severity = root ? 'critical' : LOCAL_PLACES.test(t.path ?? '') ? 'medium' : 'high';
    if (x.asks && severity !== 'medium') severity = 'medium';
    return {
      severity,
      span: spanFromProgram(cmd, x.dest ? [x.dest] : []),
      message: `Extracts the archive over ${t.what}, replacing any system file it holds${x.asks ? ' (unzip asks before each one, which whoever types into the terminal can answer)' : ', without asking'}.`,
      context: { targetClass: t.cls },
    };
  },
};
