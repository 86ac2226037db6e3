/**
 * What several terraform rules share.
 */
import type { HclBlock } from '../../../parsers/hcl';
import type { FileView } from '../../view';
import { attr, type TfAddressed, tfModel } from '../tf-model';

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

interface Removal {
  res: TfAddressed;
  /** The address it was renamed to (same type, no `moved` block), if it looks like a rename. */
  renamedTo?: TfAddressed;
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
    const full = tfModel(view, 'after', true);
    const folder = view.dir;
    const batch = view.ctx.batch;
    const movedFrom = new Set(full.moved.map((m) => m.from));
    const forgotten = new Set(full.removed.filter((r) => r.forget).map((r) => r.from));
    for (const m of batch?.terraformMoved.get(folder) ?? []) movedFrom.add(m);
    for (const f of batch?.terraformForgotten.get(folder) ?? []) forgotten.add(f);
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
    for (const res of gone) {
      if (movedFrom.has(res.address) || forgotten.has(res.address)) continue;
      // Declared in another file of the same folder in this step: moved between files, not removed.
      if (elsewhere?.has(res.address)) continue;
      const candidates = (addedByType.get(`${res.kind}:${res.type}`) ?? []).filter((r) => !usedTargets.has(r.address));
      let renamedTo: TfAddressed | undefined;
      if (candidates.length === 1) renamedTo = candidates[0];
      else if (candidates.length > 1) renamedTo = mostSimilar(b.text, res, a.text, candidates.slice(0, MAX_RENAME_CANDIDATES), attrCache);
      if (renamedTo) usedTargets.add(renamedTo.address);
      out.push({ res, renamedTo });
    }
    return out;
  });
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
