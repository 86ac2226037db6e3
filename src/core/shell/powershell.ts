/**
 * PowerShell and cmd.exe command lines. PowerShell is read with its tree-sitter grammar once the
 * adapter has loaded it (tree-sitter-powershell): the grammar finds the commands, the pipelines
 * and the script blocks, conditions and sub-expressions they sit in, and tells commands from
 * expressions (`$files | Remove-Item`, `if ($x) { … }`). The words of each command are then read
 * by the small tokenizer below, which removes quotes and marks what is computed at run time.
 * cmd.exe has no maintained grammar, and PowerShell lines the grammar cannot read completely
 * (it rejects a few valid forms, such as `$env:TEMP\build` and `a,b,c` lists) are read by the
 * tokenizer alone: it splits statements on the operators each shell uses and treats script
 * blocks and sub-expressions as further statements. Aliases are resolved (`rm`, `del`, `rd` →
 * Remove-Item in PowerShell). Nothing here throws.
 */
import type { Node } from 'web-tree-sitter';
import type { Span } from '../types';
import { base64Utf16le } from './decode';
import { powerShellParser } from './grammar';
import { DYN } from './words';
import type { Dialect, Draft, ExtractResult, ParseIssue, SimpleCommand, Via, Word } from './model';

const PWSH_ALIASES: Record<string, string> = {
  rm: 'remove-item',
  del: 'remove-item',
  erase: 'remove-item',
  rd: 'remove-item',
  rmdir: 'remove-item',
  ri: 'remove-item',
  iex: 'invoke-expression',
  icm: 'invoke-command',
  irm: 'invoke-restmethod',
  iwr: 'invoke-webrequest',
  curl: 'invoke-webrequest',
  wget: 'invoke-webrequest',
  mv: 'move-item',
  move: 'move-item',
  mi: 'move-item',
  clc: 'clear-content',
  sc: 'set-content',
  kill: 'stop-process',
  gps: 'get-process',
  ps: 'get-process',
  gci: 'get-childitem',
  ls: 'get-childitem',
  dir: 'get-childitem',
  gi: 'get-item',
  spps: 'stop-process',
  '%': 'foreach-object',
  foreach: 'foreach-object',
  saps: 'start-process',
  start: 'start-process',
};

interface Tok {
  /** Line offset of each character of value, when known exactly (words handed over from bash). */
  offsets?: number[];
  value: string;
  raw: string;
  start: number;
  end: number;
  dynamic: boolean;
  quoted: boolean;
  glob: boolean;
}

const MAX_TOKENS = 20_000;

/** A script block of ForEach-Object as the tokenizer meets it: the parameter naming it, its statements. */
interface ForEachBlock {
  param?: string;
  statements: Statement[];
  group?: ForEachGroup;
}

/** One ForEach-Object command's script blocks. */
interface ForEachGroup {
  feeder: Statement;
  blocks: ForEachBlock[];
}

/**
 * Items a loop hands its body (`foreach ($f in <pipeline>) { … }`, `(<pipeline>).ForEach({ … })`):
 * the last command of the pipeline whose output is iterated, and the variables that name each item.
 */
export interface EachItem {
  source: Statement;
  variables: string[];
}

/**
 * A statement's words; `piped` when the previous statement's output is its input (`a | b`);
 * `fedBy` the ForEach-Object statement whose per-item script block holds it, so `$_` and
 * `$PSItem` there are the items that statement receives; `each` the loop whose body holds it;
 * `receiver` for a .NET method call read as a statement (`$_.Delete()`), the variable it is
 * called on, or `items` when it is called on what its `each` source outputs (`(Get-Item x).Delete()`).
 */
export type Statement = Tok[] & {
  piped?: boolean;
  fedBy?: Statement;
  each?: EachItem;
  receiver?: { variable?: string; items?: true };
  /** The text a string piped into the command feeds it (`"select disk 1`nclean" | diskpart`). */
  stdin?: string;
  /** cmd.exe: the statements of a parenthesised group piped into this one (`(echo a & echo b) | x`). */
  group?: Statement[];
};

/** What is in scope where a node is read: the ForEach-Object feeding `$_`, the loop around it, the loop variables' known values. */
interface Scope {
  fedBy?: Statement;
  each?: EachItem;
  /** A loop variable over constant strings (`foreach ($d in 'a','b')`): its values. */
  values?: Map<string, Tok[]>;
}

/** A node still to read, with what is in scope there. */
interface Pending {
  node: Node;
  scope: Scope;
  /**
   * A method called on a command's argument (`Write-Output (Get-Item x).Delete()`): the grammar
   * reads the member access and its argument list as two adjacent elements; this is the list.
   */
  callArgs?: Node;
}

/**
 * A variable assigned on the line, from where the assignment ends: its value when it is a constant
 * (a string, another known variable), or the pipeline whose output it holds.
 */
interface Assignment {
  name: string;
  at: number;
  value?: Tok;
  listing?: Statement;
  /** A folder or file object it holds (`[IO.DirectoryInfo]::new(p)`). */
  made?: MadeInfo;
}

/**
 * Which of ForEach-Object's script blocks run once per item (Microsoft docs, ForEach-Object
 * -Process): -Begin and -End blocks run once, before and after. Blocks given without -Begin or
 * -End are the -Process array, which PowerShell maps by count: one is the process block; of two,
 * the first is begin and the second process; of three or more, the first is begin, the last end
 * and the ones between process blocks.
 */
export function perItemBlocks(names: (string | undefined)[]): boolean[] {
  const isNamed = (n: string | undefined, full: string): boolean => !!n && n.length >= 1 && full.startsWith(n);
  const unnamed = names.map((n, i) => (isNamed(n, 'begin') || isNamed(n, 'end') ? -1 : i)).filter((i) => i !== -1);
  const perItem = names.map(() => false);
  unnamed.forEach((i, k) => {
    if (unnamed.length === 1 || (unnamed.length === 2 && k === 1) || (unnamed.length >= 3 && k > 0 && k < unnamed.length - 1)) perItem[i] = true;
  });
  return perItem;
}

/** Splits into statements of words. Indices are into `text`. */
export function tokenize(text: string, dialect: 'pwsh' | 'cmd'): Statement[] {
  return (dialect === 'pwsh' ? grammarStatements(text) : undefined) ?? handTokenize(text, dialect, true);
}

/** Command elements that are blocks or sub-expressions: their commands are statements of their own. */
const NESTED_START = /^(?:[{(]|[$@]\()/;

/**
 * tree-sitter-powershell 0.26 reads `.ForEach` only before a bare script block (`x.ForEach{ … }`);
 * the method-call form `x.ForEach({ … })` or `x.ForEach('Delete')` fails to parse. The member
 * name is read as a keyword there, so before parsing it is renamed to a same-length name the
 * grammar takes as an ordinary method (FOREACH_MEMBER); offsets do not move.
 */
const FOREACH_CALL = /(?<=[\w)\]}'"])\.foreach(?=\s*\()/gi;
const FOREACH_MEMBER = 'ForEac_';

/** The .NET file system types whose static Delete PowerShell lines call, as PowerShell resolves them (`[IO.File]` is System.IO.File). */
const STATIC_DELETES: Record<string, string> = { 'system.io.directory': 'System.IO.Directory::Delete', 'system.io.file': 'System.IO.File::Delete' };

/** .NET types whose instances are a file or a folder: `[IO.DirectoryInfo]::new(p)`, `New-Object IO.FileInfo p`. */
const INFO_TYPES: Record<string, 'directory' | 'file'> = { 'system.io.directoryinfo': 'directory', 'system.io.fileinfo': 'file' };

/**
 * Visual Basic's file system helpers (Microsoft.VisualBasic.FileIO.FileSystem, loaded in PowerShell
 * with `Add-Type -AssemblyName Microsoft.VisualBasic`): DeleteDirectory and DeleteFile, read as
 * statements the rules judge by their options (windows-recursive-delete.ts).
 */
const VB_FILESYSTEM = 'microsoft.visualbasic.fileio.filesystem';

/** A type literal's .NET name as PowerShell resolves it (`[IO.File]` is System.IO.File), lower case. */
function typeName(raw: string): string {
  const t = raw.replace(/[[\]\s]/g, '').toLowerCase();
  return t.startsWith('system.') || t.startsWith('microsoft.') ? t : `system.${t}`;
}

/** Expression wrappers the grammar puts around a lone value: a value is what is left when they are peeled off. */
const WRAPPERS = new Set(['left_assignment_expression', 'pipeline', 'pipeline_chain', 'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression', 'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression', 'unary_expression', 'argument_expression', 'logical_argument_expression', 'bitwise_argument_expression', 'comparison_argument_expression', 'additive_argument_expression', 'multiplicative_argument_expression', 'format_argument_expression', 'range_argument_expression']);

/** The value a node holds when it is only a value (peeling the expression wrappers), else the node itself. */
function soleValue(node: Node): Node {
  let n = node;
  for (let k = 0; k < 40 && WRAPPERS.has(n.type) && n.namedChildCount === 1; k++) n = n.namedChild(0) ?? n;
  return n;
}

/** A variable's name as PowerShell compares it: case-insensitive, without `$`, braces or the `variable:` drive. */
function variableName(text: string): string {
  return text.replace(/^[$@]\{?/, '').replace(/\}$/, '').replace(/^variable:/i, '').toLowerCase();
}

/**
 * The statements of a PowerShell line as the grammar reads them, or undefined when the grammar
 * is not loaded or cannot read the whole line. A pipeline's commands come out in order before
 * the commands nested in them, so `a | b { c } | d` keeps a, b and d one pipeline.
 */
export function grammarStatements(text: string): Statement[] | undefined {
  const parser = powerShellParser();
  if (!parser || text.length > 64 * 1024) return undefined;
  let tree: ReturnType<typeof parser.parse>;
  try {
    tree = parser.parse(text.replace(FOREACH_CALL, `.${FOREACH_MEMBER}`));
  } catch {
    return undefined;
  }
  if (!tree) return undefined;
  try {
    if (tree.rootNode.hasError) return undefined;
    const statements: Statement[] = [];
    const queue: Pending[] = [{ node: tree.rootNode, scope: {} }];
    let budget = MAX_TOKENS;
    const reader: Reader = { text, assignments: [], queue, statements };
    // Assignments in the order they are written: a later command sees the value an earlier one set.
    for (const a of tree.rootNode.descendantsOfType('assignment_expression')) if (a) assignment(reader, a);
    const visit = (node: Node, scope: Scope): void => {
      if (budget-- <= 0) return;
      if (node.type === 'pipeline_chain') {
        let piped = false;
        let stdin: string | undefined;
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'command') {
            const st = commandStatement(reader, child, scope);
            if (st) {
              st.piped = piped;
              if (scope.fedBy) st.fedBy = scope.fedBy;
              if (scope.each) st.each = scope.each;
              if (stdin !== undefined) st.stdin = stdin;
              statements.push(st);
            }
            stdin = undefined;
          } else {
            // A string at the head of a pipeline is the next command's input.
            const v = soleValue(child);
            stdin = !piped && v.type === 'string_literal' ? stringText(v.text) : undefined;
            // `[IO.Directory]::GetFiles(p) | % { … }`: the listing feeds the commands after it.
            const listing = piped ? undefined : dotnetListing(reader, parenthesisedValue(v), scope);
            if (listing) statements.push(Object.assign(listing, { piped: false }, scope.fedBy ? { fedBy: scope.fedBy } : {}, scope.each ? { each: scope.each } : {}));
            else queue.push({ node: child, scope });
          }
          piped = true;
        }
        return;
      }
      if (node.type === 'foreach_statement') {
        const variable = node.namedChildren.find((c) => c?.type === 'variable');
        const collection = node.namedChildren.find((c) => c?.type === 'pipeline');
        const body = node.namedChildren.find((c) => c?.type === 'statement_block');
        if (variable && collection && body) {
          const name = variableName(variable.text);
          const inner: Scope = { ...scope };
          const source = itemsOf(reader, collection, scope, visit);
          if (source) inner.each = { source, variables: [name] };
          const values = constantList(reader, collection);
          if (values) inner.values = new Map([...(scope.values ?? []), [name, values]]);
          visit(body, inner);
          return;
        }
      }
      if (node.type === 'assignment_expression') {
        // `$files = Get-ChildItem …`: the variable holds what the pipeline outputs.
        const entry = reader.assignments.find((a) => a.at === node.endIndex);
        const value = node.childForFieldName('value');
        if (entry && value && !entry.value) {
          entry.listing = itemsOf(reader, value, scope, visit);
          return;
        }
      }
      if (node.type === 'invokation_expression' || node.type === 'invokation_foreach_expression') {
        if (methodCall(reader, invocationCall(node), scope, visit)) return;
      }
      for (const child of node.namedChildren) if (child) visit(child, scope);
    };
    for (let item = queue.shift(); item && budget > 0; item = queue.shift()) {
      if (item.callArgs && methodCall(reader, argumentCall(item.node, item.callArgs), item.scope, visit)) continue;
      visit(item.node, item.scope);
      if (item.callArgs) visit(item.callArgs, item.scope);
    }
    if (budget <= 0) return undefined;
    return statements;
  } finally {
    tree.delete();
  }
}

/**
 * The text a PowerShell string literal stands for: here-strings without their opening and closing
 * lines, quotes removed, `''` in single quotes and the backtick escapes of double quotes
 * (about_Special_Characters) read. Variables stay as written.
 */
export function stringText(raw: string): string {
  const here = /^@(['"])\r?\n([\s\S]*?)\r?\n\1@$/.exec(raw);
  if (here) return here[1] === "'" ? here[2] : unescapeBackticks(here[2]);
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).split("''").join("'");
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return unescapeBackticks(raw.slice(1, -1));
  return raw;
}

const BACKTICK: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '', a: '', b: '', f: '', v: '', e: '' };

function unescapeBackticks(s: string): string {
  return s.replace(/`(.)/g, (_, c: string) => BACKTICK[c] ?? c);
}

interface Reader {
  text: string;
  assignments: Assignment[];
  queue: Pending[];
  statements: Statement[];
}

/** Records `$name = <constant or pipeline>`; any other assignment makes the name unknown from there on. */
function assignment(reader: Reader, node: Node): void {
  const left = node.namedChildren[0];
  const op = node.namedChildren.find((c) => c?.type === 'assignement_operator');
  const value = node.childForFieldName('value');
  const target = left && soleValue(left);
  if (!target || target.type !== 'variable' || /^\$\{?env:/i.test(target.text)) return;
  const name = variableName(target.text);
  const entry: Assignment = { name, at: node.endIndex };
  if (op?.text === '=' && value) {
    const v = soleValue(value);
    if (v.type === 'string_literal' || v.type === 'variable') entry.value = resolvedWord(reader, v.startIndex, v.endIndex, v, node.startIndex);
    // `$d = [IO.DirectoryInfo]::new('C:\x')`: the folder or file object, for `$d.Delete($true)`.
    else entry.made = constructed(reader, v, {});
  }
  reader.assignments.push(entry);
}

/** The assignment to `name` in force at `at`, if any. */
function assigned(reader: Reader, name: string, at: number): Assignment | undefined {
  let found: Assignment | undefined;
  for (const a of reader.assignments) if (a.name === name && a.at <= at) found = a;
  return found;
}

/**
 * A word from the source, with the variables in it that the line assigned a constant to replaced
 * by their values (`$p = 'C:\Users'; Remove-Item $p`); the grammar's variable nodes say where
 * each variable is.
 */
function resolvedWord(reader: Reader, start: number, end: number, node: Node, at: number, scope?: Scope): Tok {
  const tok = wordOf(reader.text, start, end);
  if (!tok.dynamic) return tok;
  const vars = node.type === 'variable' ? [node] : node.descendantsOfType('variable').filter((v): v is Node => !!v);
  let value = tok.value;
  for (const v of vars) {
    const name = variableName(v.text);
    const loop = scope?.values?.get(name);
    const known = loop?.length === 1 ? loop[0] : loop ? undefined : assigned(reader, name, at)?.value;
    if (!known) continue;
    const marker = `\u0000${v.text}`;
    const i = value.indexOf(marker);
    if (i !== -1) value = value.slice(0, i) + known.value + value.slice(i + marker.length);
  }
  if (value === tok.value) return tok;
  return { ...tok, value, dynamic: value.includes('\u0000'), glob: tok.glob || /[*?]/.test(value), offsets: undefined };
}

/** The strings of a constant list (`'C:\a', "D:\b"`), or undefined when any item is not a plain string. */
function constantList(reader: Reader, collection: Node): Tok[] | undefined {
  let n = collection;
  for (let k = 0; k < 40 && WRAPPERS.has(n.type) && n.type !== 'array_literal_expression' && n.namedChildCount === 1; k++) n = n.namedChild(0) ?? n;
  const items = n.type === 'array_literal_expression' ? n.namedChildren : [n];
  const out: Tok[] = [];
  for (const item of items) {
    const v = item && soleValue(item);
    if (!v || v.type !== 'string_literal') return undefined;
    const tok = resolvedWord(reader, v.startIndex, v.endIndex, v, v.startIndex);
    if (tok.dynamic) return undefined;
    out.push(tok);
  }
  return out.length ? out : undefined;
}

/**
 * Reads the pipeline a loop iterates (or a method is called on) and returns its last command,
 * whose output are the items; a variable the line assigned a pipeline to stands for that
 * pipeline (`$files = Get-ChildItem …; foreach ($f in $files)`).
 */
function itemsOf(reader: Reader, node: Node, scope: Scope, visit: (n: Node, s: Scope) => void): Statement | undefined {
  const v = soleValue(node);
  if (v.type === 'variable') return assigned(reader, variableName(v.text), v.startIndex)?.listing;
  const listing = dotnetListing(reader, parenthesisedValue(v), scope);
  if (listing) {
    reader.statements.push(Object.assign(listing, { piped: false }));
    return listing;
  }
  const inner = v.type === 'parenthesized_expression' || v.type === 'sub_expression' ? v : node;
  const before = reader.statements.length;
  visit(inner, scope);
  const chain = inner.descendantsOfType('pipeline_chain')[0];
  const last = chain?.namedChildren[chain.namedChildCount - 1];
  if (reader.statements.length === before || last?.type !== 'command') return undefined;
  return reader.statements[reader.statements.length - 1];
}

/** A method call as the grammar reads it: what it is called on, the method, its arguments. */
interface CallParts {
  target: Node | null | undefined;
  member?: Node | null;
  /** The argument list (`(a, b)`). */
  args?: Node | null;
  /** `.ForEach{ … }` without parentheses: its script blocks. */
  blocks?: (Node | null)[];
  /** `[T]::Method(…)`. */
  isStatic: boolean;
}

/** `x.M(…)`, `[T]::M(…)`, `x.ForEach{ … }` read as an expression. */
function invocationCall(node: Node): CallParts {
  const foreach = node.type === 'invokation_foreach_expression';
  return {
    target: node.namedChildren[0],
    member: node.namedChildren.find((c) => c?.type === 'member_name'),
    args: node.namedChildren.find((c) => c?.type === 'argument_list'),
    blocks: foreach ? node.namedChildren.slice(1) : undefined,
    isStatic: node.children.some((c) => c?.type === '::'),
  };
}

/**
 * A method called on a command's argument. In argument mode PowerShell reads an argument that
 * starts with `(`, `$(`, `@(` or a variable as an expression, with its member accesses and method
 * calls (about_Parsing; the parser's GetCommandArgument), and runs it before the command:
 * `Write-Output (Get-Item x).Delete()` deletes x. The grammar reads such an argument as a member
 * access followed by an adjacent argument list (`access`, `args`).
 */
function argumentCall(access: Node, args: Node): CallParts {
  const m = soleValue(access);
  return { target: m.namedChildren[0], member: m.namedChildren.find((c) => c?.type === 'member_name'), args, isStatic: m.children.some((c) => c?.type === '::') };
}

/** The value inside parentheses that hold only a value (`('C:\x')`, `([IO.DirectoryInfo]::new(p))`), else the node. */
function parenthesisedValue(node: Node): Node {
  let n = node;
  for (let k = 0; k < 8 && n.type === 'parenthesized_expression' && n.namedChildCount === 1; k++) {
    const inner = soleValue(n.namedChild(0) ?? n);
    if (inner.type === 'pipeline_chain' || inner.type === 'command' || inner === n) break;
    n = inner;
  }
  return n;
}

/**
 * A method call on the line: `.ForEach({ … })` and `.ForEach{ … }` run their block once per item
 * of what they are called on, `.ForEach('Delete')` calls the method on each item; `x.Delete(…)`
 * and `[System.IO.Directory]::Delete(…)` / `[IO.File]::Delete(…)` delete files. These become
 * statements the rules read like commands (program `.delete`, `system.io.directory::delete`);
 * other methods are read for the commands inside them. True when the call was taken.
 */
function methodCall(reader: Reader, call: CallParts, scope: Scope, visit: (n: Node, s: Scope) => void): boolean {
  const { text } = reader;
  const { target, member, isStatic } = call;
  if (!target) return false;
  const name = call.blocks ? 'foreach' : member?.text.toLowerCase() === FOREACH_MEMBER.toLowerCase() ? 'foreach' : member?.text.toLowerCase();
  const argNodes = call.blocks ?? call.args?.childForFieldName('argument_expression_list')?.namedChildren ?? [];
  const argValues = argNodes.filter((a): a is Node => !!a).map(soleValue);
  const argToks = argValues.map((a) => resolvedWord(reader, a.startIndex, a.endIndex, a, a.startIndex, scope));
  if (isStatic) {
    const type = target.type === 'type_literal' ? typeName(target.text) : undefined;
    if (type === VB_FILESYSTEM && member && (name === 'deletedirectory' || name === 'deletefile')) {
      const nameTok: Tok = { value: `Microsoft.VisualBasic.FileIO.FileSystem::${name === 'deletefile' ? 'DeleteFile' : 'DeleteDirectory'}`, raw: text.slice(target.startIndex, member.endIndex), start: target.startIndex, end: member.endIndex, dynamic: false, quoted: false, glob: false };
      reader.statements.push(Object.assign([nameTok, ...argToks.map((t, k) => enumWord(t, argValues[k]))], { piped: false }, scope.fedBy ? { fedBy: scope.fedBy } : {}, scope.each ? { each: scope.each } : {}));
      for (const a of argValues) visit(a, scope);
      return true;
    }
    const canonical = type && STATIC_DELETES[type];
    if (!canonical || name !== 'delete' || !member) return false;
    const nameTok: Tok = { value: canonical, raw: text.slice(target.startIndex, member.endIndex), start: target.startIndex, end: member.endIndex, dynamic: false, quoted: false, glob: false };
    reader.statements.push(Object.assign([nameTok, ...argToks], { piped: false }, scope.fedBy ? { fedBy: scope.fedBy } : {}, scope.each ? { each: scope.each } : {}));
    for (const a of argValues) visit(a, scope);
    return true;
  }
  if (name !== 'foreach' && name !== 'delete') return false;
  // What the method is called on: a variable, or the items a command in parentheses outputs. A
  // value in parentheses is that value (`([IO.DirectoryInfo]::new(p)).Delete($true)`).
  const receiverNode = parenthesisedValue(soleValue(target));
  // `[IO.DirectoryInfo]::new(p).Delete($true)`, or a variable assigned one: the folder's Delete,
  // read as Directory.Delete(p, $true).
  const made = name === 'delete' && member ? (receiverNode.type === 'variable' ? assigned(reader, variableName(receiverNode.text), receiverNode.startIndex)?.made : constructed(reader, receiverNode, scope)) : undefined;
  if (made && member) {
    reader.statements.push(infoDelete(reader, made, receiverNode, member, argToks, scope));
    for (const a of argValues) visit(a, scope);
    return true;
  }
  let receiver: Statement['receiver'];
  let each = scope.each;
  if (receiverNode.type === 'variable') {
    const v = variableName(receiverNode.text);
    const listing = assigned(reader, v, receiverNode.startIndex)?.listing;
    if (listing) {
      each = { source: listing, variables: [] };
      receiver = { items: true };
    } else receiver = { variable: v };
  } else if (receiverNode.type === 'parenthesized_expression' || receiverNode.type === 'sub_expression' || (name === 'foreach' && isListingCall(receiverNode))) {
    const source = itemsOf(reader, receiverNode, scope, visit);
    if (source) {
      each = { source, variables: [] };
      receiver = { items: true };
    }
  } else visit(target, scope);
  // `(New-Object IO.DirectoryInfo 'C:\x').Delete($true)`, or a variable assigned one: that folder or file.
  const info = name === 'delete' && member && receiver?.items && each ? newObjectInfo(reader, each.source) : undefined;
  if (info && member) {
    reader.statements.push(infoDelete(reader, info, receiverNode, member, argToks, scope));
    for (const a of argValues) visit(a, scope);
    return true;
  }
  if (name === 'foreach') {
    const items: EachItem | undefined = receiver?.items && each ? { source: each.source, variables: ['_', 'psitem'] } : undefined;
    const block = argValues[0];
    if (block && (block.type === 'script_block_expression' || block.type === 'script_block')) {
      visit(block, { ...scope, fedBy: undefined, each: items });
      for (const a of argValues.slice(1)) visit(a, scope);
      return true;
    }
    // `.ForEach('Delete', $true)`: the method named by the first argument, called on each item.
    const method = argToks[0];
    if (block && method && !method.dynamic && method.value.toLowerCase() === 'delete' && items) {
      const nameTok: Tok = { ...method, value: '.Delete' };
      reader.statements.push(Object.assign([nameTok, ...argToks.slice(1)], { piped: false, each: items, receiver: { variable: '_' } }));
      return true;
    }
    for (const a of argValues) visit(a, scope);
    return true;
  }
  if (!member) return false;
  const nameTok: Tok = { value: '.Delete', raw: text.slice(member.startIndex, member.endIndex), start: member.startIndex, end: member.endIndex, dynamic: false, quoted: false, glob: false };
  const st: Statement = Object.assign([nameTok, ...argToks], { piped: false, fedBy: scope.fedBy, each, receiver });
  reader.statements.push(st);
  for (const a of argValues) visit(a, scope);
  return true;
}

/**
 * .NET's folder listings (System.IO.Directory and DirectoryInfo): the files, folders or both a
 * folder holds, in it or (with SearchOption.AllDirectories, 1) under it, matching a pattern.
 */
const LISTINGS: Record<string, '-File' | '-Directory' | ''> = { getfiles: '-File', enumeratefiles: '-File', getdirectories: '-Directory', enumeratedirectories: '-Directory', getfilesystementries: '', enumeratefilesystementries: '', getfilesysteminfos: '', enumeratefilesysteminfos: '' };

function isListingCall(node: Node): boolean {
  if (node.type !== 'invokation_expression') return false;
  const member = node.namedChildren.find((c) => c?.type === 'member_name');
  return !!member && member.text.toLowerCase() in LISTINGS;
}

/**
 * A .NET folder listing, read as the Get-ChildItem it equals so that what consumes its items is
 * judged as for Get-ChildItem's (windows-recursive-delete.ts): `[IO.Directory]::GetFiles(p,
 * pattern, 'AllDirectories')` is `Get-ChildItem p -File -Filter pattern -Recurse`;
 * `[IO.DirectoryInfo]::new(p).GetDirectories()` is `Get-ChildItem p -Directory`. A search option
 * computed at run time counts as AllDirectories. Directory's methods return paths, which
 * `[IO.File]::Delete($_)` and `Remove-Item $_` take; DirectoryInfo's return objects with a Delete.
 */
function dotnetListing(reader: Reader, node: Node, scope: Scope): Statement | undefined {
  if (!isListingCall(node)) return undefined;
  const call = invocationCall(node);
  const member = call.member;
  const target = call.target;
  if (!member || !target) return undefined;
  const args = (call.args?.childForFieldName('argument_expression_list')?.namedChildren ?? []).filter((a): a is Node => !!a).map(soleValue);
  const toks = args.map((a) => enumWord(resolvedWord(reader, a.startIndex, a.endIndex, a, a.startIndex, scope), a));
  let path: Tok | undefined;
  let rest: Tok[];
  if (call.isStatic) {
    if (target.type !== 'type_literal' || typeName(target.text) !== 'system.io.directory') return undefined;
    [path, ...rest] = toks;
  } else {
    const receiver = parenthesisedValue(soleValue(target));
    const made = receiver.type === 'variable' ? assigned(reader, variableName(receiver.text), receiver.startIndex)?.made : constructed(reader, receiver, scope);
    if (made?.kind !== 'directory') return undefined;
    path = made.path;
    rest = toks;
  }
  if (!path) return undefined;
  const at = { start: member.startIndex, end: member.endIndex, quoted: false, glob: false };
  const word = (value: string): Tok => ({ ...at, value, raw: value, dynamic: false });
  const words: Tok[] = [{ ...at, start: target.startIndex, value: 'Get-ChildItem', raw: reader.text.slice(target.startIndex, member.endIndex), dynamic: false }, path];
  const kind = LISTINGS[member.text.toLowerCase()];
  if (kind) words.push(word(kind));
  const [pattern, option] = rest;
  if (pattern && (pattern.dynamic || !['*', '*.*'].includes(pattern.value))) words.push(word('-Filter'), pattern);
  const recurse = option && (option.dynamic || /^(?:alldirectories|1)$/i.test(option.value.trim()));
  if (recurse) words.push(word('-Recurse'));
  return words;
}

/** A file or folder object the line makes, and the path it stands for. */
interface MadeInfo {
  kind: 'directory' | 'file';
  path: Tok;
}

/** `[System.IO.DirectoryInfo]::new(p)` / `[IO.FileInfo]::new(p)`: the object it makes, when its path is given. */
function constructed(reader: Reader, node: Node, scope: Scope): MadeInfo | undefined {
  if (node.type !== 'invokation_expression' || !node.children.some((c) => c?.type === '::')) return undefined;
  const target = node.namedChildren[0];
  const member = node.namedChildren.find((c) => c?.type === 'member_name');
  const kind = target?.type === 'type_literal' ? INFO_TYPES[typeName(target.text)] : undefined;
  if (!kind || member?.text.toLowerCase() !== 'new') return undefined;
  const first = node.namedChildren.find((c) => c?.type === 'argument_list')?.childForFieldName('argument_expression_list')?.namedChildren[0];
  if (!first) return undefined;
  const v = soleValue(first);
  return { kind, path: resolvedWord(reader, v.startIndex, v.endIndex, v, v.startIndex, scope) };
}

/**
 * `New-Object [-TypeName] System.IO.DirectoryInfo [-ArgumentList] p` (New-Object's first two
 * positionals are -TypeName and -ArgumentList), also written `New-Object IO.DirectoryInfo('p')`:
 * the object it makes.
 */
function newObjectInfo(reader: Reader, st: Statement): MadeInfo | undefined {
  if (!st[0] || st[0].dynamic || windowsProgram(st[0].value, 'pwsh') !== 'new-object') return undefined;
  let type: Tok | undefined;
  let arg: Tok | undefined;
  const positional: Tok[] = [];
  // A value in parentheses (`('C:\x')`, `@('C:\x')`) is read as a nested expression, not a word:
  // the text after `at` holds it.
  const inParens = (at: number): Tok | undefined => {
    const m = /^\s*@?\(\s*([^()]*?)\s*\)/.exec(reader.text.slice(at, at + 4096));
    if (!m?.[1]) return undefined;
    const start = at + m[0].indexOf(m[1], m[0].indexOf('(') + 1);
    return wordOf(reader.text, start, start + m[1].length);
  };
  for (let i = 1; i < st.length; i++) {
    const v = st[i].value.toLowerCase();
    if (!v.startsWith('-')) {
      positional.push(st[i]);
      continue;
    }
    const n = v.slice(1).split(':')[0];
    const isType = !!n && 'typename'.startsWith(n);
    const isArgs = !!n && ('argumentlist'.startsWith(n) || n === 'args');
    const next = st[i + 1];
    // `-ArgumentList ('C:\x')`: nothing but spaces and the parenthesised value before the next word.
    const parenthesised = isArgs && (!next || /^\s*@?\(/.test(reader.text.slice(st[i].end, next.start))) ? inParens(st[i].end) : undefined;
    if (parenthesised) {
      arg = parenthesised;
      continue;
    }
    i++;
    if (isType) type = next;
    else if (isArgs) arg = next;
  }
  type ??= positional.shift();
  arg ??= positional.shift();
  if (!type) return undefined;
  // `IO.DirectoryInfo('C:\x')`: the type with its argument list written against it.
  if (!arg && reader.text[type.end] === '(') arg = inParens(type.end);
  const kind = INFO_TYPES[typeName(type.raw)];
  if (!kind || !arg || arg.raw.includes(',')) return undefined;
  return { kind, path: arg };
}

/**
 * Delete on a folder or file object the line makes: DirectoryInfo.Delete([recursive]) is
 * Directory.Delete(path[, recursive]) and FileInfo.Delete() is File.Delete(path), as .NET documents
 * them; read as those statements.
 */
function infoDelete(reader: Reader, made: MadeInfo, receiver: Node, member: Node, args: Tok[], scope: Scope): Statement {
  const nameTok: Tok = { value: made.kind === 'directory' ? 'System.IO.Directory::Delete' : 'System.IO.File::Delete', raw: reader.text.slice(receiver.startIndex, member.endIndex), start: receiver.startIndex, end: member.endIndex, dynamic: false, quoted: false, glob: false };
  return Object.assign([nameTok, made.path, ...(made.kind === 'directory' ? args : [])], { piped: false }, scope.fedBy ? { fedBy: scope.fedBy } : {}, scope.each ? { each: scope.each } : {});
}

/**
 * An enum argument as its member's name (`[Microsoft.VisualBasic.FileIO.RecycleOption]::SendToRecycleBin`);
 * a string (`'SendToRecycleBin'`) or a number (3) is already its value.
 */
function enumWord(t: Tok, node: Node | undefined): Tok {
  const member = node?.type === 'member_access' || /\]::\w+$/.test(t.raw) ? /::(\w+)$/.exec(t.raw)?.[1] : undefined;
  return member ? { ...t, value: member, dynamic: false } : t;
}

/**
 * One command's words: its name, then its elements, adjacent ones (`-Confirm:$false`) joined.
 * Nested pipelines go to the queue; those in ForEach-Object's per-item blocks are fed by it. A
 * variable the line gave a constant value reads as that value; a loop variable over constant
 * strings reads as each of them.
 */
function commandStatement(reader: Reader, cmd: Node, scope: Scope): Statement | undefined {
  const { text } = reader;
  const name = cmd.childForFieldName('command_name');
  if (!name) return undefined;
  const words: Tok[] = [];
  const nameTok = wordOf(text, name.startIndex, name.endIndex);
  if (name.type !== 'command_name' && (name.descendantsOfType('variable').length || name.descendantsOfType('sub_expression').length)) nameTok.dynamic = true;
  words.push(nameTok);
  let run: { start: number; end: number; nodes: Node[] } | undefined;
  const flush = (): void => {
    if (run) {
      const only = run.nodes.length === 1 ? soleValue(run.nodes[0]) : undefined;
      const loop = only?.type === 'variable' ? scope.values?.get(variableName(only.text)) : undefined;
      if (loop && loop.length > 1) for (const v of loop) words.push({ ...v, raw: text.slice(run.start, run.end), start: run.start, end: run.end });
      else words.push(run.nodes.length === 1 ? resolvedWord(reader, run.start, run.end, run.nodes[0], run.start, scope) : wordOf(text, run.start, run.end));
    }
    run = undefined;
  };
  const forEach = windowsProgram(nameTok.value, 'pwsh') === 'foreach-object';
  const blocks: { pending?: Pending; param?: string }[] = [];
  let param: string | undefined;
  const elements = cmd.childForFieldName('command_elements')?.namedChildren ?? [];
  let calledWith: Node | undefined;
  for (let k = 0; k < elements.length; k++) {
    const el = elements[k];
    if (!el || el.type === 'command_argument_sep') continue;
    // `(Get-Item x).Delete($true)` as an argument: the method runs before the command (argumentCall).
    const next = elements[k + 1];
    const callArgs = next?.type === 'argument_list' && next.startIndex === el.endIndex && soleValue(el).type === 'member_access' ? next : undefined;
    const pending: Pending | undefined = callArgs ? { node: el, scope, callArgs } : el !== calledWith && (el.descendantsOfType('pipeline_chain').length || el.descendantsOfType('invokation_expression').length) ? { node: el, scope } : undefined;
    calledWith = callArgs;
    if (pending) reader.queue.push(pending);
    if (el.type === 'command_parameter') param = el.text.slice(1).split(':')[0].toLowerCase();
    else {
      if (el.text.startsWith('{')) blocks.push({ pending, param });
      param = undefined;
    }
    if (NESTED_START.test(el.text)) {
      flush();
      continue;
    }
    // `-Confirm:$false` is a parameter and a value with only a colon between: one word.
    if (run && !/\s/.test(text.slice(run.end, el.startIndex))) {
      run.end = el.endIndex;
      run.nodes.push(el);
    } else {
      flush();
      run = { start: el.startIndex, end: el.endIndex, nodes: [el] };
    }
  }
  flush();
  if (forEach) {
    const perItem = perItemBlocks(blocks.map((b) => b.param));
    // `$_` in begin and end blocks is not an item; in per-item blocks it is what this command receives.
    blocks.forEach((b, i) => b.pending && (b.pending.scope = { ...scope, fedBy: perItem[i] ? words : undefined, each: perItem[i] ? undefined : scope.each }));
  }
  return words;
}

/** A word from its source text: the tokenizer removes quotes and marks run-time values. */
function wordOf(text: string, start: number, end: number): Tok {
  const raw = text.slice(start, end);
  const parts = handTokenize(raw, 'pwsh');
  const only = parts.length === 1 && parts[0].length === 1 ? parts[0][0] : undefined;
  if (only && only.start === 0 && only.end === raw.length) return { ...only, start, end };
  return { value: raw, raw, start, end, dynamic: /[$(]/.test(raw), quoted: /['"]/.test(raw), glob: /[*?]/.test(raw) };
}

/** A foreach statement's header as the tokenizer reads it: where it opened, its variable, its pipeline. */
interface LoopHeader {
  parens: number;
  braces: number;
  variable?: string;
  /** The last command of the header's pipeline: its output are the items. */
  source?: Statement;
  /** Constant strings the loop runs over (`foreach ($d in 'a', 'b')`). */
  values?: Tok[];
}

/** A constant list of strings as written (`'C:\a', "D:\b"`): no variables, no sub-expressions. */
const CONSTANT_LIST = /^\s*(?:'(?:[^']|'')*'|"[^"`$]*")(?:\s*,\s*(?:'(?:[^']|'')*'|"[^"`$]*"))*\s*$/;

/**
 * The fallback reader's view of `foreach ($f in <pipeline>) { … }` (used when the grammar cannot
 * read a line): the header's `$f in` is dropped and its pipeline read as commands, the last of
 * which is the items' source (or the pipeline a variable was assigned, `$files = Get-ChildItem …`);
 * the body's statements get `each`, and a loop over constant strings puts them in place of its
 * variable, as grammarStatements does.
 */
class LoopReader {
  private header: LoopHeader | undefined;
  /** A header that closed, waiting for its body's brace. */
  private ready: { each?: EachItem; variable?: string; values?: Tok[] } | undefined;
  /** The bodies open now, innermost last. */
  private readonly bodies: { each?: EachItem; variable?: string; values?: Tok[] }[] = [];
  /** Variables the line assigned a pipeline's output to, by name: that pipeline's last command. */
  private readonly listings = new Map<string, Statement>();
  private assigning: string | undefined;

  constructor(private readonly text: string) {}

  openHeader(parens: number, braces: number): void {
    this.header = { parens, braces };
    this.ready = undefined;
  }

  /** A statement about to end: what the loop makes of it (the empty list drops it). */
  statement(cur: Tok[], piped: boolean, parens: number, braces: number): Tok[] {
    const h = this.header;
    let st = cur;
    if (h && h.variable === undefined && parens === h.parens + 1 && braces === h.braces) {
      const [v, kw] = st;
      if (!v || !/^\$\w+$/.test(v.raw) || kw?.raw.toLowerCase() !== 'in') {
        this.header = undefined;
        return st;
      }
      h.variable = variableName(v.raw);
      st = st.slice(2);
      if (!st.length) return st;
      const first = st[0];
      const last = st[st.length - 1];
      const list = this.text.slice(first.start, last.end);
      if (CONSTANT_LIST.test(list)) {
        h.values = [...list.matchAll(/'((?:[^']|'')*)'|"([^"]*)"/g)].map((m) => ({ value: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], raw: m[0], start: first.start + (m.index ?? 0), end: first.start + (m.index ?? 0) + m[0].length, dynamic: false, quoted: true, glob: false }));
        return [];
      }
      if (st.length === 1 && /^\$\w+$/.test(first.raw)) {
        h.source = this.listings.get(variableName(first.raw));
        return [];
      }
    }
    if (h && parens === h.parens + 1 && braces === h.braces && (!piped || h.source)) h.source = st;
    // `$files = Get-ChildItem …`: the variable holds what the pipeline's last command outputs.
    const assigned = st.length > 2 && /^\$\w+$/.test(st[0].raw) && st[1].raw === '=' && !/^['"\d@$[(-]/.test(st[2].raw) ? variableName(st[0].raw) : undefined;
    if (assigned) this.assigning = assigned;
    else if (!piped) this.assigning = undefined;
    if (this.assigning) this.listings.set(this.assigning, st);
    const body = this.bodies[this.bodies.length - 1];
    if (!body) return st;
    const values = body.values;
    if (values && body.variable) {
      const name = body.variable;
      st = st.flatMap((t) => (t.raw.toLowerCase() === `$${name}` || t.raw.toLowerCase() === `"$${name}"` ? values.map((x) => ({ ...x, raw: t.raw, start: t.start, end: t.end })) : [t]));
    }
    if (body.each) Object.assign(st, { each: body.each });
    if ((cur as Statement).receiver) Object.assign(st, { receiver: (cur as Statement).receiver });
    return st;
  }

  /** A closing parenthesis at `parens` (after it): the header ends when it is its own. */
  closeParen(parens: number): void {
    const h = this.header;
    if (!h || parens !== h.parens) return;
    this.header = undefined;
    if (h.variable === undefined) return;
    this.ready = { variable: h.variable, ...(h.source ? { each: { source: h.source, variables: [h.variable] } } : {}), ...(h.values ? { values: h.values } : {}) };
  }

  /** A word before the body's brace: the header was not a loop's after all. */
  word(): void {
    this.ready = undefined;
  }

  /** An opening brace: true when it opens the body of the loop whose header just closed. */
  openBody(): boolean {
    const r = this.ready;
    this.ready = undefined;
    if (!r) return false;
    this.bodies.push(r);
    return true;
  }

  closeBody(): void {
    this.bodies.pop();
  }
}

/** A string literal alone in parentheses, at the end of the text. */
const STRING_IN_PARENS = /\(\s*(?:'(?:[^']|'')*'|"[^"`$]*")\s*\)$/;

/** `line`: the text is a line of statements (not one word read on its own, as wordOf reads it). */
function handTokenize(text: string, dialect: 'pwsh' | 'cmd', line = false): Statement[] {
  const statements: Statement[] = [];
  let cur: Tok[] = [];
  let curPiped = false;
  let i = 0;
  let count = 0;
  const n = Math.min(text.length, 64 * 1024);
  const esc = dialect === 'pwsh' ? '`' : '^';
  // ForEach-Object's script blocks, so that statements in its per-item blocks are fed by it: each
  // open brace holds the ForEach-Object block it is in (a nested `if { }` keeps the enclosing one).
  const groups: ForEachGroup[] = [];
  const braces: (ForEachBlock | undefined)[] = [];
  const opens: { block?: ForEachBlock; loop?: boolean }[] = [];
  let continuing: ForEachGroup | undefined;
  const groupStarts: number[] = [];
  let pipedGroup: Statement[] | undefined;
  // `foreach ($f in <pipeline>) { … }` (pwsh), read as the grammar reads it: the header's pipeline
  // is the source of the items, `$f` names each in the body (see ForEachLoop).
  const loops = new LoopReader(text);
  let parens = 0;
  // PowerShell's call operator began the statement (`& $cmd`): its first word is a command, whatever it is.
  let called = false;
  const endStatement = (pipeNext = false): void => {
    if (dialect === 'pwsh' && cur.length) cur = loops.statement(cur, curPiped, parens, braces.length);
    // A statement that starts with a variable and no call operator is an expression (`$_.Length -gt 1GB`,
    // an `if ($f)` condition), which runs no command; an assignment (`$x = …`) is read in walk. A
    // method called on it (`$sb.Invoke()`, `$ExecutionContext.InvokeCommand.InvokeScript(…)`) may
    // run anything: it stays a program computed at run time.
    if (line && dialect === 'pwsh' && !called && cur.length && /^[$@]/.test(cur[0].raw) && text[cur[0].end] !== '(' && !(cur as Statement).receiver && !ASSIGNMENT_OP.test(cur[1]?.raw ?? '')) cur = [];
    // `(…).Delete(…)`, `New-Object T('p').Delete(…)`: Delete called on an expression this reader
    // cannot make out (the grammar reads those it can): what it deletes is not known here.
    // A string has no Delete method: `New-Object T('C:\x').Delete()` passes `('C:\x').Delete()` to
    // New-Object as an argument, which fails before anything runs (argumentCall).
    if (line && dialect === 'pwsh' && cur.length && /^\.delete$/i.test(cur[0].raw) && text[cur[0].end] === '(') cur = STRING_IN_PARENS.test(text.slice(Math.max(0, cur[0].start - 1024), cur[0].start)) ? [] : [{ ...cur[0], dynamic: true }, ...cur.slice(1)];
    // A string alone is an expression (about_Parsing: a statement that starts with a string is
    // read in expression mode): it runs nothing. A string followed by words is a parse error in
    // PowerShell; it stays a command here, as it would run in cmd.exe.
    if (line && dialect === 'pwsh' && !called && cur.length === 1 && /^['"]/.test(cur[0].raw)) cur = [];
    called = false;
    if (cur.length) {
      statements.push(Object.assign(cur, { piped: curPiped }, curPiped && pipedGroup ? { group: pipedGroup } : {}));
      if (curPiped) pipedGroup = undefined;
      braces[braces.length - 1]?.statements.push(cur);
    }
    cur = [];
    curPiped = pipeNext;
  };
  const openBrace = (): void => {
    const head = cur[0] && !cur[0].dynamic ? windowsProgram(cur[0].value, 'pwsh') : undefined;
    const last = cur[cur.length - 1];
    // `ForEach-Object -Begin { … } -Process { … }`: after a block closes, more parameters and blocks follow.
    const group: ForEachGroup | undefined = head === 'foreach-object' ? { feeder: cur, blocks: [] } : continuing && cur.every((t) => t.value.startsWith('-')) ? continuing : undefined;
    if (group && group !== continuing) groups.push(group);
    const block: ForEachBlock | undefined = group ? { param: last?.value.startsWith('-') ? last.value.slice(1).split(':')[0].toLowerCase() : undefined, statements: [] } : undefined;
    if (group && block) group.blocks.push(block);
    endStatement();
    if (block) block.group = group;
    opens.push({ block, loop: loops.openBody() });
    braces.push(block ?? braces[braces.length - 1]);
  };
  const closeBrace = (): void => {
    endStatement();
    braces.pop();
    const open = opens.pop();
    if (open?.loop) loops.closeBody();
    continuing = open?.block?.group;
  };
  while (i < n && count++ < MAX_TOKENS) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    // cmd.exe: a parenthesised group at a statement's start; piped on (`(echo a & echo b) | x`),
    // all it prints is x's input.
    if (dialect === 'cmd' && ch === '(' && cur.length === 0) {
      groupStarts.push(statements.length);
      i++;
      continue;
    }
    if (dialect === 'cmd' && ch === ')' && groupStarts.length) {
      endStatement();
      const start = groupStarts.pop() ?? statements.length;
      if (/^[ \t]*\|(?!\|)/.test(text.slice(i + 1, i + 64))) pipedGroup = statements.slice(start);
      i++;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '|' || ch === '&' || (dialect === 'pwsh' && (ch === '{' || ch === '}' || ch === '(' || ch === ')'))) {
      // PowerShell's `&` at the start of a statement is the call operator, not a separator.
      if (dialect === 'pwsh' && ch === '&' && text[i + 1] !== '&' && cur.length === 0) {
        called = true;
        i++;
        continue;
      }
      if (dialect === 'cmd' && (ch === '(' || ch === ')')) {
        i++;
        continue;
      }
      if (dialect === 'pwsh' && ch === '{') {
        openBrace();
        i++;
        continue;
      }
      if (dialect === 'pwsh' && ch === '}') {
        closeBrace();
        i++;
        continue;
      }
      if (dialect === 'pwsh' && ch === '(') {
        // `foreach (`: the statement keyword, not the ForEach-Object alias; its header follows.
        if (cur.length === 1 && !cur[0].quoted && cur[0].value.toLowerCase() === 'foreach') {
          cur = [];
          loops.openHeader(parens, braces.length);
        }
        parens++;
      }
      if (dialect === 'pwsh' && ch === ')') {
        endStatement();
        parens = Math.max(0, parens - 1);
        loops.closeParen(parens);
      }
      continuing = undefined;
      const pipe = ch === '|' && text[i + 1] !== '|' && text[i - 1] !== '|';
      endStatement(pipe);
      i++;
      continue;
    }
    if (dialect === 'pwsh' && ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (dialect === 'pwsh' && ch === '$' && text[i + 1] === '(') {
      endStatement();
      i += 2;
      continue;
    }
    // A word: runs until whitespace or an operator, with quotes inside.
    if (dialect === 'pwsh') loops.word();
    const start = i;
    let value = '';
    let dynamic = false;
    let quoted = false;
    let glob = false;
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';' || c === '|' || c === '&') break;
      if (dialect === 'pwsh' && (c === '{' || c === '}' || c === '(' || c === ')')) break;
      if (dialect === 'cmd' && c === ')' && groupStarts.length) break;
      if (c === esc && i + 1 < n) {
        value += text[i + 1];
        quoted = true;
        i += 2;
        continue;
      }
      if (c === "'" && dialect === 'pwsh') {
        quoted = true;
        i++;
        while (i < n) {
          if (text[i] === "'" && text[i + 1] === "'") {
            value += "'";
            i += 2;
          } else if (text[i] === "'") {
            i++;
            break;
          } else value += text[i++];
        }
        continue;
      }
      if (c === '"') {
        quoted = true;
        i++;
        while (i < n && text[i] !== '"') {
          if (dialect === 'pwsh' && text[i] === '`' && i + 1 < n) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          if ((dialect === 'pwsh' && text[i] === '$' && /[A-Za-z_{(]/.test(text[i + 1] ?? '')) || (dialect === 'cmd' && text[i] === '%' && /[A-Za-z_]/.test(text[i + 1] ?? ''))) {
            dynamic = true;
            value += '\u0000';
          }
          value += text[i++];
        }
        // Step over the closing quote; an unterminated one runs to the end of the line.
        if (i < n) i++;
        continue;
      }
      if ((dialect === 'pwsh' && c === '$' && /[A-Za-z_{]/.test(text[i + 1] ?? '')) || (dialect === 'cmd' && c === '%' && /[A-Za-z_~]/.test(text[i + 1] ?? ''))) {
        dynamic = true;
        value += '\u0000';
      }
      if (c === '*' || c === '?') glob = true;
      value += c;
      i++;
    }
    const raw = text.slice(start, i);
    // `$f.Delete()`, `$_.Delete($true)`: FileInfo/DirectoryInfo.Delete on what the variable holds,
    // a statement of its own as the grammar reader makes it (program `.delete`, the receiver).
    const call = dialect === 'pwsh' && cur.length === 0 && text[i] === '(' ? /^\$(\w+)\.delete$/i.exec(raw) : null;
    const close = call ? text.indexOf(')', i) : -1;
    const inner = close > i ? text.slice(i + 1, close) : undefined;
    if (call && inner !== undefined && /^\s*(?:\$(?:true|false)\s*)?$/i.test(inner)) {
      const dot = start + raw.indexOf('.');
      cur.push({ value: '.Delete', raw: raw.slice(raw.indexOf('.') + 1), start: dot + 1, end: i, dynamic: false, quoted: false, glob: false });
      const arg = /\$\w+/.exec(inner);
      if (arg) cur.push({ value: `\u0000${arg[0]}`, raw: arg[0], start: i + 1 + arg.index, end: i + 1 + arg.index + arg[0].length, dynamic: true, quoted: false, glob: false });
      Object.assign(cur, { receiver: { variable: call[1].toLowerCase() } });
      i = close + 1;
      continue;
    }
    cur.push({ value, raw, start, end: i, dynamic, quoted, glob });
  }
  endStatement();
  for (const g of groups) {
    const perItem = perItemBlocks(g.blocks.map((b) => b.param));
    g.blocks.forEach((b, k) => perItem[k] && b.statements.forEach((st) => (st.fedBy = g.feeder)));
  }
  return statements;
}

interface Mapper {
  (index: number): number;
}

function toWord(t: Tok, at: Mapper): Word {
  return { value: t.value, raw: t.raw, span: { start: at(t.start), end: at(Math.max(t.start, t.end - 1)) + 1 }, dynamic: t.dynamic, glob: t.glob, quoted: t.quoted };
}

/** Canonical program name: lower-case, no extension or path, aliases resolved (PowerShell). */
export function windowsProgram(value: string, dialect: 'pwsh' | 'cmd'): string {
  let v = value.toLowerCase();
  const slash = Math.max(v.lastIndexOf('\\'), v.lastIndexOf('/'));
  if (slash !== -1) v = v.slice(slash + 1);
  v = v.replace(/\.(exe|cmd|bat|com)$/, '');
  if (dialect === 'pwsh') v = PWSH_ALIASES[v] ?? v;
  return v;
}

interface Sink {
  issue(message: string, span: Span, blocksAnalysis?: boolean): void;
  /** Stores the command and returns the object kept (callers link pipelines through it). */
  add(cmd: SimpleCommand): SimpleCommand;
}

/**
 * The folder a command runs in, as the line's own `cd` left it: a Windows path as written
 * (`C:\work`, `\\server\share`, `\tools` on the current drive), a relative one with `/` between
 * its parts (`sub/dir`, from the folder the line starts in), `~…`, or DYN where computed.
 */
interface Folder {
  path: string;
  /**
   * cmd.exe's `cd X:\p` without /d changes the folder only when X: is the current drive (on
   * another drive it sets that drive's folder and stays where it is); the drive the line starts
   * on is known only to the follower (SimpleCommand.cwdSameDriveOnly).
   */
  sameDriveOnly?: boolean;
}

/** PowerShell's Set-Location and its aliases, cmd.exe's cd and chdir. */
const SETS_FOLDER = new Set(['cd', 'chdir', 'sl', 'set-location']);
const PUSHES_FOLDER = new Set(['pushd', 'push-location']);
const POPS_FOLDER = new Set(['popd', 'pop-location']);

/**
 * Where the line's folder-moving statements leave the shell, in the order they are written: a
 * function from a statement's offset to the folder it runs in (undefined: where the line started,
 * `start`). Statements run in the order they are written, whatever order the reader hands them
 * over in (the grammar reader gives nested blocks last). Set-Location, cd and pushd move the
 * folder; Push-Location and pushd remember the one they leave, and Pop-Location and popd go back
 * (Microsoft docs for each cmdlet; `help cd`, `help pushd` in cmd.exe).
 */
function folderTimeline(statements: readonly Statement[], dialect: 'pwsh' | 'cmd', start: Folder | undefined): (offset: number) => Folder | undefined {
  let moves: Statement[] | undefined;
  for (const st of statements) if (st[0] && !st[0].dynamic && MOVES_FOLDER.test(st[0].value) && isFolderMove(windowsProgram(st[0].value, dialect))) (moves ??= []).push(st);
  if (!moves) return start ? () => start : NOWHERE;
  moves.sort((a, b) => a[0].start - b[0].start);
  const events: { at: number; folder: Folder | undefined }[] = [];
  let here = start;
  const stack: (Folder | undefined)[] = [];
  for (const st of moves) {
    const program = windowsProgram(st[0].value, dialect);
    if (POPS_FOLDER.has(program)) {
      // Popping an empty stack is an error in PowerShell and does nothing in cmd.exe.
      if (stack.length) here = stack.pop();
    } else {
      const target = dialect === 'pwsh' ? locationTarget(st.slice(1)) : cdTarget(st.slice(1), program);
      if (PUSHES_FOLDER.has(program) && target !== 'stays') stack.push(here);
      if (target !== 'stays') here = target === 'unknown' ? { path: DYN } : movedTo(here, target.path, target.switchesDrive);
    }
    events.push({ at: st[0].start, folder: here });
  }
  return (offset) => {
    let found = start;
    for (const e of events) if (e.at < offset) found = e.folder;
    return found;
  };
}

/** A quick look at a program word before windowsProgram reads it (a module-qualified name included). */
const MOVES_FOLDER = /(?:^|\\)(?:cd|chdir|sl|set-location|pushd|push-location|popd|pop-location)(?:\.exe)?$/i;
const NOWHERE = (): undefined => undefined;

function isFolderMove(program: string): boolean {
  return SETS_FOLDER.has(program) || PUSHES_FOLDER.has(program) || POPS_FOLDER.has(program);
}

type Target = { path: string; switchesDrive: boolean } | 'stays' | 'unknown';

/**
 * Set-Location / Push-Location's folder: -Path (the first positional), -LiteralPath (-LP,
 * -PSPath); -StackName takes a value, -PassThru none. Without a path Set-Location goes home in
 * PowerShell 7 and stays in Windows PowerShell: unknown; `cd -` and `cd +` walk the history: unknown.
 * Push-Location without a path stays.
 */
function locationTarget(args: readonly Tok[]): Target {
  let path: Tok | undefined;
  let stackOnly = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value.toLowerCase();
    if (!v.startsWith('-') || v === '-' || args[i].quoted) {
      path ??= args[i];
      continue;
    }
    const [n, inline] = v.slice(1).split(/:(.*)/s);
    if (n.length >= 2 && 'passthru'.startsWith(n) && !'path'.startsWith(n)) continue;
    const value = inline !== undefined ? { ...args[i], value: args[i].value.slice(args[i].value.indexOf(':') + 1) } : args[++i];
    if (n === 'lp' || n === 'pspath' || ('literalpath'.startsWith(n) && n.length >= 1) || 'path'.startsWith(n)) path = value;
    else if ('stackname'.startsWith(n)) stackOnly = true;
  }
  if (!path) return stackOnly ? 'stays' : 'unknown';
  if (path.value === '-' || path.value === '+') return 'unknown';
  const home = homeFolder(path, /^\$(?:HOME|\{HOME\}|env:USERPROFILE|\{env:USERPROFILE\}|env:HOME)/i);
  if (home) return { path: home, switchesDrive: true };
  return path.dynamic ? 'unknown' : { path: path.value, switchesDrive: true };
}

/** A folder under the home (`$HOME\x`, `%USERPROFILE%\x`) as `~/x`, when nothing else in it is computed. */
function homeFolder(word: Tok, home: RegExp): string | undefined {
  const raw = word.raw.replace(/^"(.*)"$/s, '$1');
  const m = home.exec(raw);
  const rest = m ? raw.slice(m[0].length) : '';
  if (!m || (rest && !/^[\\/]/.test(rest)) || /[$%`(]/.test(rest)) return undefined;
  return `~${rest.replace(/\\/g, '/')}`;
}

/**
 * cmd.exe's cd / chdir / pushd: the rest of the line is the folder, spaces included (`cd C:\Program
 * Files`); `/d` also changes the drive, which cd without it does not (pushd always does). cd with
 * no folder, or a drive alone (`cd D:`), prints the folder and stays; `cd /d D:` goes to that
 * drive's current folder: unknown.
 */
function cdTarget(args: readonly Tok[], program: string): Target {
  const d = args.some((a) => a.value.toLowerCase() === '/d');
  const words = args.filter((a) => a.value.toLowerCase() !== '/d');
  if (!words.length) return 'stays';
  const home = words.length === 1 ? homeFolder(words[0], /^%USERPROFILE%/i) : undefined;
  if (home) return { path: home, switchesDrive: true };
  if (words.some((w) => w.dynamic)) return 'unknown';
  const path = words.map((w) => w.value).join(' ');
  if (/^[A-Za-z]:$/.test(path)) return d ? 'unknown' : 'stays';
  return { path, switchesDrive: d || program === 'pushd' };
}

/** Where a move to `target` from `here` lands (see Folder). */
function movedTo(here: Folder | undefined, target: string, switchesDrive: boolean): Folder {
  const t = target.replace(/^"|"$/g, '');
  const drive = /^([A-Za-z]):[\\/]/.exec(t);
  if (drive || /^[\\/]{2}/.test(t)) {
    if (switchesDrive || !drive) return { path: t };
    const current = here && /^([A-Za-z]):/.exec(here.path);
    if (current) return current[1].toLowerCase() === drive[1].toLowerCase() ? { path: t } : here;
    return { path: t, sameDriveOnly: true };
  }
  // `X:rel` (that drive's own current folder), `HKLM:\…`, `Env:` (not the file system): unknown.
  if (/^[A-Za-z][\w.-]*:/.test(t)) return { path: DYN };
  if (t === '~' || /^~[\\/]/.test(t)) return { path: t.replace(/\\/g, '/') };
  // From a computed folder, a relative move is computed too.
  if (here?.path.includes(DYN)) return here;
  if (/^[\\/]/.test(t)) {
    // The root of the current drive (or, in PowerShell on Linux and macOS, of the file system).
    const current = here && /^([A-Za-z]):/.exec(here.path);
    return { path: current ? `${current[1]}:${t}` : t, ...(here?.sameDriveOnly ? { sameDriveOnly: true } : {}) };
  }
  if (!here) return { path: t.replace(/\\/g, '/') };
  const windows = /^[A-Za-z]:|^[\\/]{2}/.test(here.path);
  return { ...here, path: windows ? windowsJoin(here.path, t) : `${here.path.replace(/\/+$/, '')}/${t.replace(/\\/g, '/')}` };
}

/** A relative path joined to an absolute Windows folder, `.` and `..` taken out (never above its drive or share). */
function windowsJoin(folder: string, rel: string): string {
  const parts = folder.split(/[\\/]+/).filter((p, i) => p || i === 0);
  const root = folder.startsWith('\\\\') || folder.startsWith('//') ? 4 : 1;
  const out = folder.startsWith('\\\\') || folder.startsWith('//') ? ['', '', ...parts.filter(Boolean)] : parts;
  for (const seg of rel.split(/[\\/]+/)) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (out.length > root) out.pop();
    } else out.push(seg);
  }
  return out.length === 1 ? `${out[0]}\\` : out.join('\\');
}

/** What a walk starts from: the draft's fields, and the folder the shell is in when the text runs (its caller's). */
type Base = Omit<Draft, 'words' | 'span'> & { folder?: Folder };

function walk(text: string, dialect: 'pwsh' | 'cmd', at: Mapper, base: Base, sink: Sink, depth: number): void {
  if (depth > 6) {
    sink.issue('commands nested too deeply to follow', { start: at(0), end: at(Math.max(0, text.length - 1)) + 1 });
    return;
  }
  let pipeline: SimpleCommand[] = [];
  // cmd.exe: the commands of a parenthesised group piped into the pipeline's first command.
  let feeds: SimpleCommand[] = [];
  const closePipeline = (): void => {
    const n = feeds.length;
    if (pipeline.length + n > 1) pipeline.forEach((c, index) => (c.pipeline = { index: index + n, length: pipeline.length + n, previous: [...feeds, ...pipeline.slice(0, index)] }));
    pipeline = [];
    feeds = [];
  };
  const kept = new Map<Statement, SimpleCommand>();
  const vars = new Map<string, Tok | undefined>();
  const statements = tokenize(text, dialect);
  const folderAt = folderTimeline(statements, dialect, base.folder);
  for (const written of statements) {
    const st = dialect === 'pwsh' ? tokenizerAssignment(written, vars) : written;
    if (!st) continue;
    if (!st.piped) closePipeline();
    const words = st.map((t) => toWord(t, at));
    const first = st[0];
    const span = { start: words[0].span.start, end: words[words.length - 1].span.end };
    if (first.dynamic) {
      sink.issue(`the program to run is computed at run time (${first.raw.slice(0, 40)}), so it cannot be checked`, words[0].span);
      continue;
    }
    const program = windowsProgram(first.value, dialect);
    const cmd: SimpleCommand = {
      program,
      programWord: words[0],
      programPath: /[\\/]/.test(first.value) ? first.value : undefined,
      args: words.slice(1),
      redirects: [],
      assignments: [],
      span,
      via: base.via,
      elevated: base.elevated || undefined,
      remote: base.remote || undefined,
      dialect,
    };
    // The folder an earlier cd, Set-Location or pushd on the line moved to (folderTimeline).
    const folder = folderAt(first.start);
    if (folder) {
      cmd.cwd = folder.path;
      if (folder.sameDriveOnly) cmd.cwdSameDriveOnly = true;
    }
    const added = sink.add(cmd);
    if (st.stdin !== undefined) added.stdinText = st.stdin;
    const fedBy = st.fedBy && kept.get(st.fedBy);
    if (fedBy) added.fedBy = fedBy;
    const source = st.each && kept.get(st.each.source);
    if (source && st.each) added.each = { source, variables: st.each.variables };
    if (st.receiver) added.receiver = st.receiver;
    kept.set(st, added);
    // A loop's source is the statement as written; the assignment reader may hand on a copy.
    kept.set(written, added);
    // `(echo a & echo b) | diskpart`: what the whole group prints is the input.
    if (st.group) {
      closePipeline();
      feeds = st.group.map((g) => kept.get(g)).filter((c): c is SimpleCommand => !!c);
    }
    pipeline.push(added);
    // Nested shells: powershell -Command "…", cmd /c "…", Invoke-Expression "…".
    const rest = st.slice(1);
    const inner: Base = folder ? { ...base, folder } : base;
    if (program === 'powershell' || program === 'pwsh') nestedPwsh(rest, at, inner, sink, depth);
    else if (program === 'cmd') nestedCmd(rest, at, inner, sink, depth);
    else if (program === 'invoke-expression') {
      const arg = rest.find((t) => !t.value.startsWith('-'));
      if (arg && !arg.dynamic) walk(arg.value, 'pwsh', () => at(arg.start), { ...base, via: [...base.via, { kind: 'eval' }] }, sink, depth + 1);
      else if (arg) sink.issue('Invoke-Expression runs a string built at run time, so it cannot be checked', toWord(arg, at).span);
    } else if ((dialect === 'pwsh' && program === 'start-process') || (dialect === 'cmd' && program === 'start')) {
      // The program Start-Process or cmd's start runs, with its arguments, in its working folder.
      const started = dialect === 'pwsh' ? startProcess(rest, text) : cmdStart(rest);
      // A URL or another protocol (`https://…`, `ms-settings:`) opens in the program registered for it.
      if (started && !/^[A-Za-z][A-Za-z0-9+.-]+:/.test(started.toks[0].value)) {
        const where = started.folder && !started.folder.dynamic ? movedTo(folder, started.folder.value, true) : started.folder ? { path: DYN } : folder;
        const via: Via = { kind: 'wrapper', program: first.value };
        // A program path with spaces stays one word on the started program's line.
        const toks = started.toks.map((t, k) => ((k === 0 || dialect === 'cmd') && /\s/.test(t.value) && !t.value.includes('"') ? { ...t, value: `"${t.value}"`, offsets: undefined } : t));
        runNested(toks, 'cmd', at, { ...base, folder: where, elevated: base.elevated || started.elevated }, sink, depth, via, `${first.value} runs a program or arguments computed at run time, so it cannot be checked`);
      }
    }
  }
  closePipeline();
}

const ASSIGNMENT_OP = /^[-+*/%]?=$/;

/**
 * The tokenizer reads `$x = 'C:\\Users'` as a statement like any other (the grammar reads it as an
 * assignment and never hands it over). An assignment runs nothing but its right side when that
 * is a command (`$items = Get-ChildItem …`); a constant it assigns stands for the variable in the
 * statements after it, as in the grammar reader. Returns the statement to judge, if any.
 */
function tokenizerAssignment(st: Statement, vars: Map<string, Tok | undefined>): Statement | undefined {
  const [target, op, ...rest] = st;
  if (target && op && /^\$[\w:{}]+$/.test(target.raw) && ASSIGNMENT_OP.test(op.raw)) {
    const name = variableName(target.raw);
    const value = rest[0];
    const constant = op.raw === '=' && rest.length === 1 && value.quoted && !/^[\d@$[]/.test(value.raw);
    vars.set(name, constant ? substituted(value, vars) : undefined);
    // A value (a string, a number, a variable, an array or hash literal, a type) runs nothing.
    if (!value || constant || /^['"\d@$[(-]/.test(value.raw)) return undefined;
    return Object.assign(rest, { piped: st.piped, fedBy: st.fedBy });
  }
  if (!vars.size) return st;
  return Object.assign(st.map((t) => substituted(t, vars)), { piped: st.piped, fedBy: st.fedBy, each: st.each, receiver: st.receiver });
}

/** A word with a leading variable the line assigned a constant to replaced by its value (`$dir`, `"$dir"`, `$dir\\sub`). */
function substituted(t: Tok, vars: Map<string, Tok | undefined>): Tok {
  if (!t.dynamic || !t.value.startsWith('\u0000$')) return t;
  const m = /^\$(\w+)(?![\w:])/.exec(t.value.slice(1));
  const known = m && vars.get(m[1].toLowerCase());
  if (!m || !known) return t;
  const value = known.value + t.value.slice(1 + m[0].length);
  return { ...t, value, dynamic: value.includes('\u0000'), offsets: undefined };
}

function nestedPwsh(rest: Tok[], at: Mapper, base: Base, sink: Sink, depth: number): void {
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i].value.toLowerCase();
    if (!v.startsWith('-') && !v.startsWith('/')) {
      // The first positional of powershell.exe is -Command's text.
      const textToks = rest.slice(i);
      runNested(textToks, 'pwsh', at, base, sink, depth);
      return;
    }
    const name = v.replace(/^[-/]+/, '');
    if (name === 'ec' || (name.length >= 1 && 'encodedcommand'.startsWith(name))) {
      const payload = rest[i + 1];
      const text = payload && !payload.dynamic ? base64Utf16le(payload.value) : undefined;
      if (text === undefined) {
        sink.issue('runs an encoded PowerShell payload (-EncodedCommand), which cannot be checked', toWord(rest[i], at).span);
        return;
      }
      // Hiding a script is itself worth a finding; what it hides is read as PowerShell.
      sink.issue('runs an encoded PowerShell payload (-EncodedCommand)', toWord(rest[i], at).span);
      walk(text, 'pwsh', () => at(payload.start), { ...base, via: [...base.via, { kind: 'shell-c', program: 'pwsh' }] }, sink, depth + 1);
      return;
    }
    if (name.length >= 1 && 'command'.startsWith(name)) {
      runNested(rest.slice(i + 1), 'pwsh', at, base, sink, depth);
      return;
    }
    if (['file', 'f'].includes(name)) return;
    if (['executionpolicy', 'ex', 'ep', 'windowstyle', 'w', 'configurationname', 'workingdirectory', 'wd', 'outputformat', 'of', 'inputformat', 'if', 'psconsolefile', 'version', 'v'].includes(name)) i++;
  }
}

function nestedCmd(rest: Tok[], at: Mapper, base: Base, sink: Sink, depth: number): void {
  const i = rest.findIndex((t) => /^\/[ck]$/i.test(t.value));
  if (i !== -1) runNested(rest.slice(i + 1), 'cmd', at, base, sink, depth);
}

function runNested(toks: Tok[], dialect: 'pwsh' | 'cmd', at: Mapper, base: Base, sink: Sink, depth: number, via?: Via, dynamicMessage?: string): void {
  if (toks.length === 0) return;
  let text = '';
  const map: number[] = [];
  toks.forEach((t, k) => {
    if (k > 0) {
      text += ' ';
      map.push(at(t.start));
    }
    for (let j = 0; j < t.value.length; j++) map.push(t.offsets?.[j] ?? at(Math.min(t.end - 1, t.start + j)));
    text += t.value;
  });
  if (toks.some((t) => t.dynamic)) sink.issue(dynamicMessage ?? `${dialect === 'cmd' ? 'cmd /c' : 'PowerShell -Command'} runs a string built at run time, so it cannot be checked`, { start: at(toks[0].start), end: at(toks[toks.length - 1].end - 1) + 1 });
  walk(text.split('\u0000').join(' '), dialect, (x) => map[Math.max(0, Math.min(x, map.length - 1))] ?? at(toks[0].start), { ...base, via: [...base.via, via ?? { kind: 'shell-c', program: dialect === 'cmd' ? 'cmd' : 'pwsh' }] }, sink, depth + 1);
}

/** What Start-Process or cmd's start runs: the program and its arguments, its working folder, and whether it asks for elevation. */
interface Started {
  toks: Tok[];
  folder?: Tok;
  elevated: boolean;
}

/** Start-Process's parameters (Microsoft docs) and whether each takes a value; aliases after the name. */
const START_PROCESS_PARAMS: [string[], boolean][] = [
  [['filepath', 'pspath', 'path'], true],
  [['argumentlist', 'args'], true],
  [['workingdirectory'], true],
  [['verb'], true],
  [['credential'], true],
  [['windowstyle'], true],
  [['redirectstandardinput', 'rsi'], true],
  [['redirectstandardoutput', 'rso'], true],
  [['redirectstandarderror', 'rse'], true],
  [['environment'], true],
  [['wait'], false],
  [['passthru'], false],
  [['nonewwindow', 'nnw'], false],
  [['loaduserprofile', 'lup'], false],
  [['usenewenvironment'], false],
  [['whatif'], false],
  [['confirm'], false],
];

/**
 * `Start-Process [-FilePath] p [[-ArgumentList] a[, b…]] [-WorkingDirectory d] [-Verb RunAs] …`:
 * the program and the command line it is given (the argument list's strings joined with spaces),
 * read as that program's own line. A parameter name may be any unambiguous prefix.
 */
function startProcess(args: readonly Tok[], text: string): Started | undefined {
  const positional: Tok[] = [];
  const named = new Map<string, Tok>();
  let whatIf = false;
  // An array in parentheses (`-ArgumentList @('/c', 'x')`) is an expression, not one of the words.
  const inParens = (from: number, to: number): Tok | undefined => {
    const m = /^\s*@?\(([^()]*)\)/.exec(text.slice(from, Math.min(to, from + 4096)));
    if (!m) return undefined;
    const start = from + m[0].indexOf(m[1], m[0].indexOf('(') + 1);
    return { value: m[1], raw: m[1], start, end: start + m[1].length, dynamic: /[$`]/.test(m[1]), quoted: false, glob: false };
  };
  const end = (i: number): number => args[i]?.start ?? text.length;
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (!t.value.startsWith('-') || t.quoted || t.value === '-') {
      positional.push(t);
      if (positional.length === 1) {
        const list = inParens(t.end, end(i + 1));
        if (list) positional.push(list);
      }
      continue;
    }
    const n = t.value.slice(1).split(':')[0].toLowerCase();
    const param = START_PROCESS_PARAMS.find(([names]) => names.slice(1).includes(n)) ?? START_PROCESS_PARAMS.find(([names]) => names[0].startsWith(n));
    if (!param) continue;
    if (param[0][0] === 'whatif') whatIf = true;
    if (param[1]) {
      const list = inParens(t.end, end(i + 1));
      if (list) {
        named.set(param[0][0], list);
        continue;
      }
      const value = args[i + 1];
      i++;
      if (value) named.set(param[0][0], value);
    }
  }
  if (whatIf) return undefined;
  const file = named.get('filepath') ?? positional.shift();
  const list = named.get('argumentlist') ?? positional.shift();
  if (!file) return undefined;
  const verb = named.get('verb')?.value.toLowerCase();
  return { toks: [file, ...(list ? argumentStrings(list) : [])], folder: named.get('workingdirectory'), elevated: verb === 'runas' || verb === 'runasuser' };
}

/**
 * The strings of an argument list as written (`'/s x.txt'`, `'/s','x.txt'`, `"/s", $f`): each
 * becomes part of the started program's command line. Positions stay the list's own.
 */
function argumentStrings(list: Tok): Tok[] {
  if (!/^\s*(?:'(?:[^']|'')*'|"[^"]*"|[^'",\s]+)(?:\s*,\s*(?:'(?:[^']|'')*'|"[^"]*"|[^'",\s]+))*\s*$/.test(list.raw)) return [list];
  const out: Tok[] = [];
  for (const m of list.raw.matchAll(/'((?:[^']|'')*)'|"([^"]*)"|([^'",\s]+)/g)) {
    const value = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? m[3] ?? '');
    out.push({ ...list, value, raw: m[0], dynamic: m[1] === undefined && /[$(`]/.test(value), offsets: undefined });
  }
  return out;
}

/**
 * cmd.exe's `start ["title"] [/d folder] [/wait] [/b] [/min] … program [arguments]` (`help
 * start`): a first quoted word is the window's title; /node and /affinity take a value.
 */
function cmdStart(args: readonly Tok[]): Started | undefined {
  let i = 0;
  if (args[0]?.quoted && args[0].raw.startsWith('"')) i = 1;
  let folder: Tok | undefined;
  for (; i < args.length; i++) {
    const v = args[i].value.toLowerCase();
    if (!v.startsWith('/')) break;
    if (v === '/d') folder = args[++i];
    else if (v.startsWith('/d')) folder = { ...args[i], value: args[i].value.slice(2) };
    else if (v === '/node' || v === '/affinity') i++;
  }
  const toks = args.slice(i);
  return toks.length ? { toks, folder, elevated: false } : undefined;
}

/** A whole line written for PowerShell or cmd.exe. */
export function extractPowerShell(line: string, dialect: 'pwsh' | 'cmd'): ExtractResult {
  const commands: SimpleCommand[] = [];
  const issues: ParseIssue[] = [];
  walk(
    line,
    dialect,
    (x) => x,
    { assignments: [], redirects: [], via: [], elevated: false, remote: false, inner: [] },
    { issue: (message, span, blocksAnalysis = true) => issues.length < 50 && issues.push({ message, span, blocksAnalysis }), add: (c) => {
        if (commands.length < 2000) commands.push(c);
        return c;
      },
    },
    0,
  );
  return { commands, issues, truncated: line.length > 64 * 1024 };
}

/** What the bash extractor lends the PowerShell reader: its issues and its command records. */
export interface ExtractorApi {
  issue(message: string, span: Span, blocksAnalysis?: boolean): void;
  record(d: Draft, program: string, out: SimpleCommand[], programPath?: string, dialect?: Dialect): SimpleCommand;
}

/** `pwsh -c '…'` or `cmd /c …` met inside a bash line. */
export function extractPowerShellInto(ex: ExtractorApi, dialect: Dialect, rest: readonly Word[], d: Draft, out: SimpleCommand[]): void {
  if (dialect === 'posix') return;
  const toks: Tok[] = rest.map((w) => {
    const offsets = (w as Word & { offsets?: number[] }).offsets;
    return { value: w.value, raw: w.raw, start: w.span.start, end: w.span.end, dynamic: w.dynamic, quoted: w.quoted, glob: w.glob, offsets: offsets?.length === w.value.length ? offsets : undefined };
  });
  const base = { assignments: [], redirects: [], via: d.via, elevated: d.elevated, remote: d.remote, inner: [] };
  const sink: Sink = {
    issue: (m, s, b) => ex.issue(m, s, b),
    add: (c) => {
      const kept = ex.record({ ...base, words: [c.programWord, ...c.args], span: c.span, via: c.via }, c.program, [], c.programPath, c.dialect);
      // A cd inside the nested text moves the commands after it there (folderTimeline).
      if (c.cwd !== undefined) {
        kept.cwd = c.cwd;
        if (c.cwdSameDriveOnly) kept.cwdSameDriveOnly = true;
      }
      out.push(kept);
      return kept;
    },
  };
  if (dialect === 'pwsh') nestedPwsh(toks, (x) => x, base, sink, 1);
  else nestedCmd(toks, (x) => x, base, sink, 1);
}
