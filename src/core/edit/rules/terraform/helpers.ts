/**
 * What several terraform rules share.
 */
import { type HclAttr, type HclBlock, type HclFile, type HclValue, isCall, isExpr, parseHcl } from '../../../parsers/hcl';
import type { Span } from '../../../types';
import { dirname } from '../../text';
import type { BatchView } from '../../types';
import type { FileView, Side } from '../../view';
import { survivingSpan } from '../helpers';
import { attr, exprText, modelOfText, type TfAddressed, tfModel, value } from '../tf-model';

export const TF_FILES = ['**/*.tf', '**/*.tf.json', '**/*.tofu'];

interface Pair {
  address: string;
  before: TfAddressed;
  after: TfAddressed;
}

/** Resources present on both sides of the change (same address). */
export function pairs(view: FileView): Pair[] {
  return view.memo('tf:pairs', () => {
    const b = tfModel(view, 'before');
    const a = tfModel(view, 'after');
    const out: Pair[] = [];
    for (const [address, before] of b.byAddress) {
      const after = a.byAddress.get(address);
      if (after && before.kind !== 'data') out.push({ address, before, after });
    }
    return out;
  });
}

export function headerSpan(block: HclBlock): { start: number; end: number } {
  return { start: block.start, end: Math.max(block.start, block.bodyStart - 1) };
}

export function attrSpan(block: HclBlock, name: string, fallback: HclBlock): { start: number; end: number } {
  const a = attr(block, name);
  return a ? { start: a.start, end: a.valueEnd } : headerSpan(fallback);
}

/**
 * A finding about an attribute or nested block (`was`, in the before text) that the after block
 * no longer has: it sits on the line of that block that now stands where it was, not on the
 * block's header, and points at the removed text in the last version.
 */
export function goneFrom(view: FileView, was: HclAttr | HclBlock, afterBlock: HclBlock): { afterSpan: Span; beforeSpan: Span } {
  const end = 'valueEnd' in was ? was.valueEnd : was.end;
  return { afterSpan: survivingSpan(view, was.start, { start: afterBlock.start, end: afterBlock.end }), beforeSpan: { start: was.start, end } };
}

/** The attribute's span (name to end of value). */
export function attrRange(a: HclAttr): Span {
  return { start: a.start, end: a.valueEnd };
}

interface Removal {
  res: TfAddressed;
  /** The address it was renamed to (same type, no `moved` block), if it looks like a rename. */
  renamedTo?: TfAddressed;
  /**
   * Where the same resource now lives across a module boundary, without a `moved` block: the
   * address it would need (`module.storage.aws_s3_bucket.data`, or `aws_s3_bucket.data` for one
   * taken out of a module) and the folder that declares it.
   */
  movedAcross?: { to: string; folder: string; into: boolean };
  /** The address it was renamed to in another file of the same folder in the step (same type, no `moved` block). */
  renamedElsewhere?: { address: string; path: string };
}

/**
 * Addresses that leave the configuration and are not saved by a `moved` block, a
 * `removed { destroy = false }` block, or by appearing in another file of the same step.
 */
export function removals(view: FileView): Removal[] {
  return view.memo('tf:removals', () => {
    const b = tfModel(view, 'before');
    const a = tfModel(view, 'after');
    const gone = [...b.byAddress.values()].filter((r) => r.kind !== 'data' && !a.byAddress.has(r.address));
    if (!gone.length) return [];
    const folder = view.dir;
    const batch = view.ctx.batch;
    const cover = coverage(view);
    const elsewhere = batch?.terraformAddresses.get(folder);
    const added = [...a.byAddress.values()].filter((r) => r.kind !== 'data' && !b.byAddress.has(r.address));
    const usedTargets = new Set<string>();
    const attrCache = new Map<HclBlock, Set<string>>();
    const addedByType = new Map<string, TfAddressed[]>();
    for (const r of added) {
      const k = `${r.kind}:${r.type}`;
      const list = addedByType.get(k);
      if (list) list.push(r);
      else addedByType.set(k, [r]);
    }
    const out: Removal[] = [];
    const calls = batch ? moduleCalls(batch) : [];
    for (const res of gone) {
      if (covers(cover, res.address)) continue;
      // Declared in another file of the same folder in this step: moved between files, not removed.
      if (elsewhere?.has(res.address)) continue;
      if (batch && res.kind === 'resource') {
        // Moved out of this module by its caller: a `moved` block there covers it.
        if (calls.some((c) => c.target === folder && coversFromCaller(batch, c, res.address))) continue;
        const across = acrossModules(view, batch, calls, res);
        if (across) {
          out.push({ res, movedAcross: across });
          continue;
        }
      }
      const candidates = (addedByType.get(`${res.kind}:${res.type}`) ?? []).filter((r) => !usedTargets.has(r.address));
      let renamedTo: TfAddressed | undefined;
      if (candidates.length === 1) renamedTo = candidates[0];
      else if (candidates.length > 1) renamedTo = mostSimilar(b.text, res, a.text, candidates.slice(0, MAX_RENAME_CANDIDATES), attrCache);
      if (renamedTo) usedTargets.add(renamedTo.address);
      const renamedElsewhere = renamedTo || !batch ? undefined : renamedInSibling(view, batch, b.text, res, usedTargets, attrCache);
      if (renamedElsewhere) usedTargets.add(renamedElsewhere.address);
      out.push({ res, renamedTo, renamedElsewhere });
    }
    return out;
  });
}

interface Added {
  path: string;
  text: string;
  res: TfAddressed;
}

const addedCache = new WeakMap<BatchView, Map<string, Added[]>>();
const MAX_SIBLING_FILES = 200;

/** Addresses each folder's files gain in the step (in a file's after text, not in its before text). */
function addedInFolders(batch: BatchView): Map<string, Added[]> {
  let hit = addedCache.get(batch);
  if (hit) return hit;
  hit = new Map();
  let files = 0;
  for (const c of batch.changes) {
    const path = normPath(c.path);
    if (typeof c.after !== 'string' || !/\.(tf|tofu)$/i.test(path) || c.after.length > MAX_SIBLING_CHARS * 4) continue;
    if (++files > MAX_SIBLING_FILES) break;
    const was = typeof c.before === 'string' ? modelOfText(c.before, false).byAddress : new Map<string, TfAddressed>();
    const list: Added[] = [];
    for (const r of modelOfText(c.after, false).byAddress.values()) if (r.kind !== 'data' && !was.has(r.address)) list.push({ path, text: c.after, res: r });
    if (!list.length) continue;
    const folder = dirname(path);
    hit.set(folder, [...(hit.get(folder) ?? []), ...list]);
  }
  addedCache.set(batch, hit);
  return hit;
}

/** A resource that left this file and a new one of the same type that another file of the folder gained. */
function renamedInSibling(view: FileView, batch: BatchView, bt: string, res: TfAddressed, used: Set<string>, cache: Map<HclBlock, Set<string>>): Removal['renamedElsewhere'] {
  const before = tfModel(view, 'before').byAddress;
  const candidates = (addedInFolders(batch).get(view.dir) ?? []).filter((a) => a.path !== view.path && a.res.kind === res.kind && a.res.type === res.type && !before.has(a.res.address) && !used.has(a.res.address));
  if (!candidates.length) return undefined;
  // Across files the bodies must match as well: a new resource of the same type elsewhere may be unrelated.
  const body = attrSet(bt, res.block, cache);
  let best: Added | undefined;
  let bestScore = 0.5;
  for (const c of candidates.slice(0, MAX_RENAME_CANDIDATES)) {
    const score = similarity(body, attrSet(c.text, c.res.block, cache));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best ? { address: best.res.address, path: best.path } : undefined;
}

/** Rename matching compares bodies; past this many same-type candidates it only looks at the first ones. */
const MAX_RENAME_CANDIDATES = 8;

function bodyText(text: string, block: HclBlock): string {
  return text.slice(block.bodyStart, block.end).replace(/\s+/g, ' ');
}

function mostSimilar(bt: string, res: TfAddressed, at: string, candidates: TfAddressed[], cache: Map<HclBlock, Set<string>>): TfAddressed | undefined {
  const body = attrSet(bt, res.block, cache);
  let best: TfAddressed | undefined;
  let bestScore = 0.5;
  for (const c of candidates) {
    const s = similarity(body, attrSet(at, c.block, cache));
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** The block's `name = value` pairs, whitespace-normalised, computed once per block. */
function attrSet(text: string, block: HclBlock, cache: Map<HclBlock, Set<string>>): Set<string> {
  let s = cache.get(block);
  if (!s) {
    s = new Set(bodyText(text, block).split(/(?=\b[a-z_]+\s*=)/).map((x) => x.trim()));
    cache.set(block, s);
  }
  return s;
}

/** Share of attribute pairs in common (a Dice coefficient). */
function similarity(sa: Set<string>, sb: Set<string>): number {
  let common = 0;
  for (const x of sa) if (sb.has(x)) common++;
  return (2 * common) / Math.max(1, sa.size + sb.size);
}

// ---------------------------------------------------------------------------------------------
// Addresses, instance keys and what covers them

/** An address as Terraform compares it: no whitespace, string keys in double quotes. */
export function normAddress(a: string): string {
  return a.replace(/\s+/g, '').replace(/'/g, '"');
}

/** `aws_x.y["key"]` or `aws_x.y[0]`. */
export function instanceAddress(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : `${base}[${JSON.stringify(key)}]`;
}

export interface Coverage {
  /** `moved` sources, normalised. */
  moved: Set<string>;
  /** `removed { lifecycle { destroy = false } }` sources, normalised. */
  forgotten: Set<string>;
}

/** What keeps addresses of this file's module from being destroyed: `moved` and forgetting `removed` blocks in the file and in the same folder's other files of the step. */
export function coverage(view: FileView): Coverage {
  return view.memo('tf:coverage', () => {
    const full = tfModel(view, 'after', true);
    const moved = new Set(full.moved.map((m) => normAddress(m.from)));
    const forgotten = new Set(full.removed.filter((r) => r.forget).map((r) => normAddress(r.from)));
    const batch = view.ctx.batch;
    for (const m of batch?.terraformMoved.get(view.dir) ?? []) moved.add(normAddress(m));
    for (const f of batch?.terraformForgotten.get(view.dir) ?? []) forgotten.add(normAddress(f));
    return { moved, forgotten };
  });
}

/** Whether a whole resource or module address is moved or forgotten (as a whole, or instance by instance). */
export function covers(c: Coverage, address: string): boolean {
  if (c.moved.has(address) || c.forgotten.has(address)) return true;
  for (const m of c.moved) if (m.startsWith(`${address}[`) && m.indexOf(']') === m.length - 1) return true;
  return false;
}

/** Whether one instance is moved: by its own address, or with its whole resource. */
export function coversInstance(c: Coverage, base: string, key: string | number): boolean {
  return c.moved.has(base) || c.forgotten.has(base) || c.moved.has(instanceAddress(base, key));
}

/** `moved` sources that name instances of `base` with an integer index (count) or with a string key (for_each). */
export function movedInstanceKeys(c: Coverage, base: string): { ints: Set<number>; strings: Set<string> } {
  const ints = new Set<number>();
  const strings = new Set<string>();
  for (const m of c.moved) {
    if (!m.startsWith(`${base}[`) || !m.endsWith(']')) continue;
    const k = m.slice(base.length + 1, -1);
    if (/^\d+$/.test(k)) ints.add(Number(k));
    else if (/^".*"$/.test(k)) strings.add(k.slice(1, -1));
  }
  return { ints, strings };
}

export type RepetitionMode = 'none' | 'count' | 'for_each';

export function repetition(block: HclBlock): RepetitionMode {
  return attr(block, 'count') ? 'count' : attr(block, 'for_each') ? 'for_each' : 'none';
}

// ---------------------------------------------------------------------------------------------
// Literal values behind `local.x` and `var.x`

const REF = /^(local|var)\.([A-Za-z_][\w-]*)$/;

/**
 * The attribute's literal value, following `local.NAME` and `var.NAME` (its default) to a
 * literal declared in the same file or, in a step, in another file of the same folder.
 * Undefined when it stays computed.
 */
export function literalOf(view: FileView, side: Side, a: HclAttr | undefined): HclValue | undefined {
  const v = value(view.text(side), a);
  return v === undefined ? undefined : resolveValue(view, side, v);
}

export function resolveValue(view: FileView, side: Side, v: HclValue): HclValue | undefined {
  // `toset(local.names)`, `tomap(var.buckets)`: the reference inside a conversion.
  if (isCall(v)) return { $call: v.$call, args: v.args.map((x) => resolveValue(view, side, x) ?? x) };
  if (!isExpr(v)) return v;
  const m = REF.exec(v.$expr.trim());
  if (!m) return undefined;
  const hit = declaredIn(view.text(side), view.hclFull(side), m[1], m[2]);
  if (hit !== undefined) return isExpr(hit) ? undefined : hit;
  for (const other of folderSiblings(view, side)) {
    const found = declaredIn(other.text, other.file, m[1], m[2]);
    if (found !== undefined) return isExpr(found) ? undefined : found;
  }
  return undefined;
}

function declaredIn(text: string, file: HclFile, kind: string, name: string): HclValue | undefined {
  for (const b of file.blocks) {
    if (kind === 'local' && b.type === 'locals') {
      const a = attr(b, name);
      if (a) return value(text, a);
    } else if (kind === 'var' && b.type === 'variable' && b.labels[0] === name) {
      const a = attr(b, 'default');
      return a ? value(text, a) : undefined;
    }
  }
  return undefined;
}

const MAX_SIBLINGS = 50;
const MAX_SIBLING_CHARS = 512 * 1024;

/** Other `.tf` files of the same folder in the step, parsed once per side. */
function folderSiblings(view: FileView, side: Side): { text: string; file: HclFile }[] {
  return view.memo(`tf:siblings:${side}`, () => {
    const out: { text: string; file: HclFile }[] = [];
    for (const c of view.ctx.batch?.changes ?? []) {
      if (out.length >= MAX_SIBLINGS) break;
      const path = normPath(c.path);
      if (path === view.path || dirname(path) !== view.dir || !/\.(tf|tofu)$/i.test(path)) continue;
      const text = side === 'before' ? c.before : c.after;
      if (typeof text !== 'string' || text.length > MAX_SIBLING_CHARS || !/\b(locals|variable)\b/.test(text)) continue;
      out.push({ text, file: parseHcl(text) });
    }
    return out;
  });
}

/** `length(X)`: X's literal list, when it can be read. */
export function lengthList(view: FileView, side: Side, a: HclAttr | undefined): { list: HclValue[]; ref: string } | undefined {
  const v = value(view.text(side), a);
  if (!v || !isCall(v) || v.$call !== 'length' || v.args.length !== 1) return undefined;
  const arg = v.args[0];
  const ref = isExpr(arg) ? arg.$expr.trim() : 'the list';
  const list = resolveValue(view, side, arg);
  return Array.isArray(list) ? { list, ref } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Module calls in a step

export interface ModuleCall {
  /** The calling folder. */
  folder: string;
  name: string;
  /** The local folder its `source` points at. */
  target: string;
}

const callCache = new WeakMap<BatchView, ModuleCall[]>();
const MAX_CALL_FILES = 2_000;

/** The module calls with a local `source` that the step's Terraform files make (after the change). */
export function moduleCalls(batch: BatchView): ModuleCall[] {
  let hit = callCache.get(batch);
  if (hit) return hit;
  hit = [];
  let files = 0;
  for (const c of batch.changes) {
    const path = normPath(c.path);
    if (typeof c.after !== 'string' || !/\.(tf|tofu)$/i.test(path) || !c.after.includes('module') || c.after.length > 2 * 1024 * 1024) continue;
    if (++files > MAX_CALL_FILES) break;
    const folder = dirname(path);
    const model = modelOfText(c.after, false);
    for (const m of model.byAddress.values()) {
      if (m.kind !== 'module') continue;
      const src = exprText(c.after, attr(m.block, 'source'));
      const target = src ? localSource(folder, src) : undefined;
      if (target !== undefined) hit.push({ folder, name: m.name, target });
    }
  }
  callCache.set(batch, hit);
  return hit;
}

/** `./modules/x` or `../x` from a folder, as a workspace path; undefined for registry and remote sources. */
export function localSource(folder: string, source: string): string | undefined {
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  const parts = folder ? folder.split('/') : [];
  for (const seg of source.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function normPath(p: string): string {
  return String(p ?? '').replace(/\\/g, '/').replace(/^\.\//, '');
}

/** The caller's `moved` blocks take `address` (inside the called module) somewhere. */
function coversFromCaller(batch: BatchView, call: ModuleCall, address: string): boolean {
  const want = `module.${call.name}.${address}`;
  for (const m of batch.terraformMoved.get(call.folder) ?? []) {
    // `module.x["a"].aws_s3_bucket.b` covers the instance of a repeated module call.
    if (normAddress(m).replace(/^(module\.[\w-]+)\[[^\]]*\]/, '$1') === want) return true;
  }
  return false;
}

/** A resource that left this folder and appears in a module it calls, or left a module and appears in its caller. */
function acrossModules(view: FileView, batch: BatchView, calls: ModuleCall[], res: TfAddressed): Removal['movedAcross'] {
  const folder = view.dir;
  // Into a module this folder calls.
  for (const c of calls) {
    if (c.folder !== folder || c.target === folder) continue;
    if (batch.terraformAddresses.get(c.target)?.has(res.address)) return { to: `module.${c.name}.${res.address}`, folder: c.target, into: true };
  }
  // Out of this module, into its caller or a sibling module the caller also calls.
  for (const c of calls) {
    if (c.target !== folder) continue;
    if (batch.terraformAddresses.get(c.folder)?.has(res.address)) return { to: res.address, folder: c.folder, into: false };
    for (const sib of calls) {
      if (sib.folder !== c.folder || sib.target === folder) continue;
      if (batch.terraformAddresses.get(sib.target)?.has(res.address)) return { to: `module.${sib.name}.${res.address}`, folder: sib.target, into: true };
    }
  }
  return undefined;
}
