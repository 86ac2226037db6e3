import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { MeasuredDeletion, RECURSIVE, SINGLE, stateBump, targetsOf, worst } from './helpers';

/** Remove-Item parameters that take no value. */
const PWSH_SWITCHES = ['recurse', 'force', 'whatif', 'confirm', 'verbose', 'debug', 'confirm:$false'];

/** PowerShell switch names match any unambiguous prefix. */
function hasSwitch(cmd: SimpleCommand, name: string, min = 1): Word | undefined {
  return cmd.args.find((a) => {
    const v = a.value.toLowerCase();
    if (!v.startsWith('-')) return false;
    const n = v.slice(1).split(':')[0];
    return n.length >= min && name.startsWith(n);
  });
}

/** Get-ChildItem and Get-Item parameters that take no value. */
const LISTER_SWITCHES = ['recurse', 'force', 'file', 'directory', 'hidden', 'readonly', 'system', 'name', 'followsymlink'];
/** Parameters that narrow a listing to some of the items under its path. */
const LISTER_NARROWING = ['filter', 'include', 'exclude', 'depth', 'file', 'attributes'];

/** Commands between a listing and the deletion that pass on only some of its items. */
const PICKERS = ['where-object', 'where', '?', 'select-object', 'select'];

/**
 * The items Get-ChildItem or Get-Item hands on, when one of `producers` (a pipeline's commands up
 * to the one whose output is used) is such a listing (Microsoft docs: both take -Path or a first
 * positional, default the current folder). A listing with -Recurse and nothing narrowing it
 * deletes everything under its path, whatever Remove-Item's own switches; a filtered one (-Filter,
 * -Include, -Exclude, -Depth, -File, or a Where-Object or Select-Object after it) deletes some
 * files there.
 */
function listedItems(producers: readonly SimpleCommand[]): { operands: Word[]; recursive: boolean; narrowed: boolean } | undefined {
  const at = producers.map((c) => c.program === 'get-childitem' || c.program === 'get-item').lastIndexOf(true);
  const lister = producers[at];
  if (!lister) return undefined;
  const paths: Word[] = [];
  let recurse = false;
  let narrowed = producers.slice(at + 1).some((c) => PICKERS.includes(c.program));
  for (let i = 0; i < lister.args.length; i++) {
    const v = lister.args[i].value.toLowerCase();
    if (!v.startsWith('-')) {
      paths.push(lister.args[i]);
      continue;
    }
    const n = v.slice(1).split(':')[0];
    if (!n) continue;
    if ('recurse'.startsWith(n)) recurse = true;
    if (LISTER_NARROWING.some((x) => x.startsWith(n))) narrowed = true;
    if (LISTER_SWITCHES.some((x) => x.startsWith(n))) continue;
    const value = lister.args[i + 1];
    i++;
    if (value && (n === 'lp' || ('path'.startsWith(n) || 'literalpath'.startsWith(n)))) paths.push(value);
  }
  // Without a path, the current folder's items: read as `*` there.
  const operands = paths.length ? paths : [{ value: '*', raw: '*', span: lister.programWord.span, dynamic: false, glob: true, quoted: false }];
  return { operands, recursive: recurse && !narrowed, narrowed };
}

/** A pipeline's commands up to and including `last`, whose output a loop iterates. */
function producersOf(last: SimpleCommand): SimpleCommand[] {
  return [...(last.pipeline?.previous ?? []), last];
}

/**
 * The variable a word names an item by: `$_`, `$PSItem` or a loop's `$f`, bare or in a string
 * alone, or its full path (`.FullName`, `.PSPath`, which Remove-Item -LiteralPath takes).
 * `"$_.bak"` and `$_.Name` name other paths (a suffix; a name read in the current folder).
 */
const ITEM_WORD = /^(?:\$(\w+)(?:\.(?:fullname|pspath))?|"\$(\w+)"|"?\$\(\$(\w+)(?:\.(?:fullname|pspath))?\)"?)$/i;

function itemVariable(w: Word): string | undefined {
  const m = ITEM_WORD.exec(w.raw);
  return m ? (m[1] ?? m[2] ?? m[3]).toLowerCase() : undefined;
}

/**
 * The listing whose items a variable names where `cmd` runs: a loop's variable (`foreach`,
 * `.ForEach`), or `$_`/`$PSItem` in a ForEach-Object per-item block.
 */
function itemsNamed(cmd: SimpleCommand, variable: string | undefined): ReturnType<typeof listedItems> {
  if (variable === undefined) return undefined;
  if (cmd.each?.variables.includes(variable)) return listedItems(producersOf(cmd.each.source));
  if ((variable === '_' || variable === 'psitem') && cmd.fedBy) return listedItems(cmd.fedBy.pipeline?.previous ?? []);
  return undefined;
}

const VB_DELETE_DIRECTORY = 'microsoft.visualbasic.fileio.filesystem::deletedirectory';
const VB_DELETE_FILE = 'microsoft.visualbasic.fileio.filesystem::deletefile';

/**
 * What Visual Basic's FileSystem.DeleteDirectory / DeleteFile do with their options (Microsoft
 * docs, Microsoft.VisualBasic.FileIO.FileSystem): DeleteDirectory(path, DeleteDirectoryOption)
 * deletes the folder with everything in it (DeleteAllContents, 5) or only an empty one
 * (ThrowIfDirectoryNonEmpty, 4); DeleteDirectory(path, UIOption, RecycleOption[, UICancelOption])
 * and DeleteFile(path, UIOption, RecycleOption[, …]) send what they delete to the Recycle Bin with
 * RecycleOption.SendToRecycleBin (3), and delete it for good with DeletePermanently (2, the
 * default). An option computed at run time counts as the worst.
 */
function visualBasicDelete(cmd: SimpleCommand): { path: Word; recursive: boolean; recycled: boolean } | undefined {
  const [path, ...options] = cmd.args;
  if (!path) return undefined;
  const option = (w: Word | undefined): string => (w && !w.dynamic ? w.value.toLowerCase() : '');
  const folder = cmd.program === VB_DELETE_DIRECTORY;
  if (folder && options.length === 1) {
    const o = option(options[0]);
    return o === 'throwifdirectorynonempty' || o === '4' ? undefined : { path, recursive: true, recycled: false };
  }
  const recycle = option(options[1]);
  return { path, recursive: folder, recycled: recycle === 'sendtorecyclebin' || recycle === '3' };
}

/**
 * Whether the `recursive` argument of DirectoryInfo.Delete(recursive) or Directory.Delete(path,
 * recursive) is true. PowerShell converts what it is given to the method's bool: `$true`, and a
 * number other than 0 (`1`), are true; `$false`, `$null` and 0 false. A value computed at run time
 * (`$recurse`) may be true: it counts as the worst, as Visual Basic's options do.
 */
function isTrue(w: Word | undefined): boolean {
  if (!w) return false;
  const v = w.value.split('\u0000').join('').trim().toLowerCase();
  if (v === '$true') return true;
  if (v === '$false' || v === '$null') return false;
  if (/^[-+]?(?:0x[0-9a-f]+|\d+(?:\.\d+)?)$/.test(v)) return Number(v.replace(/^\+/, '')) !== 0;
  return w.dynamic;
}

/**
 * `Get-ChildItem PATH | ForEach-Object Delete`: ForEach-Object's -MemberName form (its first
 * positional when that is not a script block) calls the method on every item it receives, and
 * FileInfo.Delete() and DirectoryInfo.Delete() delete them; an argument of `$true`
 * (DirectoryInfo.Delete(recursive)) deletes each folder with everything under it.
 */
function deletesEachItem(cmd: SimpleCommand): { recursive: boolean } | undefined {
  let member: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value.toLowerCase();
    if (v.startsWith('-')) {
      const n = v.slice(1).split(':')[0];
      const value = cmd.args[i + 1]?.value.toLowerCase();
      i++;
      if (n && 'membername'.startsWith(n) && value !== undefined) member = value;
      else if (n && 'argumentlist'.startsWith(n) && value !== undefined) rest.push(value);
      continue;
    }
    if (member === undefined) member = v;
    else rest.push(v);
  }
  if (member !== 'delete') return undefined;
  return { recursive: rest.some((r) => r.replace('\u0000', '') === '$true') };
}

export const windowsRecursiveDelete: CommandRule = {
  id: 'FS010',
  name: 'windows-recursive-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['remove-item', 'rd', 'rmdir', 'del', 'erase', 'foreach-object', '.delete', 'system.io.directory::delete', 'system.io.file::delete', VB_DELETE_DIRECTORY, VB_DELETE_FILE] }],
  summary: 'PowerShell Remove-Item -Recurse (or fed by `Get-ChildItem -Recurse` or .NET\'s GetFiles/GetDirectories listings: directly, through ForEach-Object, a foreach loop or .ForEach(), or the items\' Delete method), [IO.Directory]::Delete(path, $true) and DirectoryInfo.Delete($true) / FileInfo.Delete() on an object the line makes (also as a command\'s argument, which PowerShell runs first), Visual Basic\'s FileSystem.DeleteDirectory / DeleteFile (lower when they send to the Recycle Bin), or cmd.exe rd /s and del /s on folders that are not build output.',
  rationale: 'These are the Windows forms of rm -rf: recursive, no recycle bin, no prompt with -Force or /q.',
  alternative: 'Delete only build output, or move the folder aside (`Move-Item DIR DIR.bak`); use -WhatIf to preview.',
  examples: {
    fire: ['pwsh -Command "Remove-Item -Recurse -Force C:\\"', 'pwsh -c "rm -r -fo $env:USERPROFILE"', 'cmd /c rd /s /q C:\\Users', 'cmd /c "del /s /q src"', 'pwsh -c "Get-ChildItem C:\\Users -Recurse | Remove-Item -Force"', "pwsh -c 'Get-ChildItem C:\\Users -Recurse | ForEach-Object { Remove-Item $_ -Force }'", 'pwsh -c "Get-ChildItem C:\\Users -Recurse | ForEach-Object Delete"', "pwsh -c 'foreach ($f in Get-ChildItem C:\\Users -Recurse) { Remove-Item $f }'", "pwsh -c '[IO.Directory]::Delete(\"C:\\Users\\dev\", $true)'", "pwsh -c '(New-Object System.IO.DirectoryInfo \"C:\\Users\\dev\").Delete($true)'", "pwsh -c \"[Microsoft.VisualBasic.FileIO.FileSystem]::DeleteDirectory('C:\\Users\\dev', 'DeleteAllContents')\"", "pwsh -c 'Write-Output (Get-Item C:\\Users\\dev).Delete($true)'", "pwsh -c '[IO.Directory]::GetDirectories($HOME) | % { [IO.Directory]::Delete($_, $true) }'"],
    pass: ['pwsh -c "Get-ChildItem dist -Recurse | Remove-Item -Force"', 'pwsh -c "Get-ChildItem -Recurse -Include *.pyc | Remove-Item"', 'pwsh -c "Remove-Item -Recurse -Force node_modules"', 'pwsh -c "Remove-Item -Recurse src -WhatIf"', 'cmd /c rd /s /q dist', 'pwsh -c "Remove-Item file.txt"', "pwsh -c 'Get-ChildItem dist | ForEach-Object { Remove-Item $_ -Recurse }'", 'pwsh -c "Get-ChildItem C:\\Users -Recurse | ForEach-Object FullName"', "pwsh -c 'foreach ($f in Get-ChildItem C:\\Users -Recurse) { Write-Output $f }'", "pwsh -c '$conn.Delete()'", "pwsh -c '[IO.DirectoryInfo]::new(\"C:\\Users\\dev\").Delete()'", "pwsh -c \"[Microsoft.VisualBasic.FileIO.FileSystem]::DeleteDirectory('C:\\Users\\dev', 'ThrowIfDirectoryNonEmpty')\"", "pwsh -c \"New-Object IO.DirectoryInfo('C:\\Users\\dev').Delete(1)\""],
  },
  check(cmd, { ctx }) {
    if (cmd.dialect === 'posix') return undefined;
    let recursive: boolean;
    let operands: Word[];
    let selected = false;
    if (cmd.dialect === 'pwsh' && cmd.program === '.delete') {
      // FileInfo.Delete() and DirectoryInfo.Delete([recursive]) on the items of a listing; on an
      // object the line does not show to be a file or folder (`$conn.Delete()`) it is not judged.
      const listed = cmd.receiver?.items ? cmd.each && listedItems(producersOf(cmd.each.source)) : itemsNamed(cmd, cmd.receiver?.variable);
      if (!listed) return undefined;
      const deep = isTrue(cmd.args[0]);
      operands = listed.operands;
      recursive = listed.recursive || deep;
      selected = listed.narrowed && !deep;
    } else if (cmd.dialect === 'pwsh' && (cmd.program === 'system.io.directory::delete' || cmd.program === 'system.io.file::delete')) {
      // Directory.Delete(path) removes only an empty folder (IOException otherwise); with
      // recursive = $true, the folder and everything under it. File.Delete(path), one file.
      const folder = cmd.program === 'system.io.directory::delete';
      const path = cmd.args[0];
      if (!path || (folder && !isTrue(cmd.args[1]))) return undefined;
      const listed = itemsNamed(cmd, itemVariable(path));
      operands = listed ? listed.operands : [path];
      recursive = folder || !!listed?.recursive;
      selected = !!listed?.narrowed && !folder;
    } else if (cmd.dialect === 'pwsh' && (cmd.program === VB_DELETE_DIRECTORY || cmd.program === VB_DELETE_FILE)) {
      const vb = visualBasicDelete(cmd);
      if (!vb) return undefined;
      if (vb.recycled) {
        // To the Recycle Bin: it can be restored from there, so it warns where a permanent one would gate.
        const hit = worst(targetsOf(cmd, [vb.path], ctx), vb.recursive ? RECURSIVE : SINGLE);
        if (!hit || hit.severity === 'low' || hit.target.t.cls.startsWith('workspace') && !vb.recursive) return undefined;
        return { severity: 'medium', span: spanFromProgram(cmd, [hit.target.word]), message: `Sends ${hit.target.t.what}${vb.recursive ? ' and everything under it' : ''} to the Recycle Bin.`, context: { targetClass: hit.target.t.cls } };
      }
      const listed = itemsNamed(cmd, itemVariable(vb.path));
      operands = listed ? listed.operands : [vb.path];
      recursive = vb.recursive || !!listed?.recursive;
      selected = !!listed?.narrowed && !vb.recursive;
    } else if (cmd.dialect === 'pwsh' && cmd.program === 'foreach-object') {
      const each = deletesEachItem(cmd);
      const listed = each && listedItems(cmd.pipeline?.previous ?? []);
      if (!each || !listed) return undefined;
      operands = listed.operands;
      recursive = listed.recursive || each.recursive;
      selected = listed.narrowed && !each.recursive;
    } else if (cmd.dialect === 'pwsh') {
      if (hasSwitch(cmd, 'whatif', 2)) return undefined;
      recursive = !!hasSwitch(cmd, 'recurse', 1);
      operands = [];
      for (let i = 0; i < cmd.args.length; i++) {
        const v = cmd.args[i].value.toLowerCase();
        if (!v.startsWith('-')) {
          operands.push(cmd.args[i]);
          continue;
        }
        const n = v.slice(1).split(':')[0];
        if (PWSH_SWITCHES.some((x) => x.startsWith(n))) continue;
        // Any other named parameter takes a value; -Path and -LiteralPath name what is deleted.
        const value = cmd.args[i + 1];
        i++;
        if (value && (n === 'lp' || n === 'pspath' || (n.length >= 1 && ('path'.startsWith(n) || 'literalpath'.startsWith(n))))) operands.push(value);
      }
      // `Get-ChildItem PATH | Remove-Item`: what is deleted is what the listing names; so it is
      // for `Get-ChildItem PATH | ForEach-Object { Remove-Item $_ }`, one item at a time.
      // So it is for a loop's variable (`foreach ($f in Get-ChildItem PATH) { Remove-Item $f }`).
      const variable = operands.length > 0 && operands.every((w) => itemVariable(w) === itemVariable(operands[0])) ? itemVariable(operands[0]) : undefined;
      const listed = operands.length ? itemsNamed(cmd, variable) : listedItems(cmd.pipeline?.previous ?? []);
      if (listed) {
        operands = listed.operands;
        recursive ||= listed.recursive;
        selected = listed.narrowed;
      }
    } else {
      const sw = cmd.args.filter((a) => a.value.startsWith('/')).map((a) => a.value.toLowerCase());
      recursive = sw.includes('/s');
      operands = cmd.args.filter((a) => !a.value.startsWith('/') || /^\/[^/]{2,}/.test(a.value));
      if (!recursive && (cmd.program === 'rd' || cmd.program === 'rmdir')) return undefined;
    }
    const targets = targetsOf(cmd, operands, ctx);
    if (selected) {
      // Some files a filter picks out under the path: in the project that is cleaning up; elsewhere it warns.
      const where = worst(targets, SINGLE);
      if (!where || where.target.t.cls.startsWith('workspace') || where.severity === 'low') return undefined;
      return { severity: 'medium', span: spanFromProgram(cmd, [where.target.word]), message: `Deletes the files the listing selects under ${where.target.t.what}, bypassing the Recycle Bin.`, context: { targetClass: where.target.t.cls } };
    }
    // What each target holds, counted as for rm.
    const measured = cmd.remote ? undefined : new MeasuredDeletion(ctx);
    const hit = worst(targets, recursive ? RECURSIVE : SINGLE, (t) => {
      const base = recursive ? RECURSIVE[t.cls] : (stateBump(t) ?? SINGLE[t.cls]);
      return base && measured ? measured.weigh(t, base) : base;
    });
    if (!hit || (!recursive && hit.severity === 'low')) return undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `${recursive ? 'Recursively deletes' : 'Deletes'} ${hit.target.t.what}${recursive ? ' and everything under it' : ''}, bypassing the Recycle Bin${measured?.words(hit.target.t, targets.length > 1 ? hit.target.t.what : undefined) ?? ''}.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
