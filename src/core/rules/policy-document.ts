/**
 * Reads an AWS-style policy document written inline in a command (`--policy-document '{…}'`) and
 * says what it grants too widely: every action on every resource, `NotAction` allows, whole
 * services (`s3:*`), and `"Principal": "*"` (anyone on the internet). JSON first; when the text
 * is not valid JSON, a bounded textual check of the same keys. Documents passed as `file://`
 * cannot be read from here and are reported as such.
 */
import type { Severity } from '../types';

export interface Grant {
  severity: Severity;
  /** What is granted, for the message: `every action on every resource`. */
  what: string;
}

export type PolicyReading = { kind: 'file'; path: string } | { kind: 'dynamic' } | { kind: 'read'; grants: Grant[] };

const MAX_DOC = 64 * 1024;
const MAX_STATEMENTS = 200;

export interface ScanOptions {
  /** Judge Action/NotAction (identity policies). */
  actions: boolean;
  /** Judge Principal (resource and trust policies). */
  principals: boolean;
}

export function readPolicyDocument(value: string, dynamic: boolean, opts: ScanOptions): PolicyReading {
  const text = value.trim();
  const file = /^(file|fileb):\/\/(.*)$/s.exec(text);
  if (file) return { kind: 'file', path: file[2] };
  if (dynamic) return { kind: 'dynamic' };
  if (text.length > MAX_DOC) return { kind: 'read', grants: textual(text.slice(0, MAX_DOC), opts) };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'read', grants: textual(text, opts) };
  }
  return { kind: 'read', grants: fromJson(doc, opts) };
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.slice(0, 500) : [v];
}

function strings(v: unknown): string[] {
  return asList(v).filter((x): x is string => typeof x === 'string');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys in IAM JSON are case-sensitive, but people write `effect`; accept any case. */
function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function fromJson(doc: unknown, opts: ScanOptions): Grant[] {
  const statements = isObject(doc) ? asList(field(doc, 'Statement')) : asList(doc);
  const grants: Grant[] = [];
  for (const st of statements.slice(0, MAX_STATEMENTS)) {
    if (!isObject(st)) continue;
    const effect = field(st, 'Effect');
    if (typeof effect === 'string' && effect.toLowerCase() !== 'allow') continue;
    const conditioned = isObject(field(st, 'Condition')) && Object.keys(field(st, 'Condition') as object).length > 0;
    if (opts.principals) {
      const principal = field(st, 'Principal');
      if (isPublicPrincipal(principal)) {
        grants.push(
          conditioned
            ? { severity: 'medium', what: 'access to any principal ("Principal": "*"), narrowed only by a condition' }
            : { severity: 'critical', what: 'access to anyone ("Principal": "*")' },
        );
      }
      if (field(st, 'NotPrincipal') !== undefined) grants.push({ severity: 'high', what: 'access to everyone except the listed principals (NotPrincipal with Allow)' });
    }
    if (!opts.actions) continue;
    const resources = strings(field(st, 'Resource'));
    const allResources = resources.length === 0 ? field(st, 'NotResource') === undefined : resources.some((r) => r === '*');
    const notAction = strings(field(st, 'NotAction'));
    if (notAction.length) {
      grants.push({ severity: 'high', what: `every action except ${notAction.slice(0, 3).join(', ')} (NotAction with Allow)` });
      continue;
    }
    const actions = strings(field(st, 'Action'));
    if (actions.some((a) => a === '*' || a === '*:*')) {
      grants.push(
        allResources
          ? { severity: 'critical', what: 'every action on every resource ("Action": "*", "Resource": "*"), i.e. administrator' }
          : { severity: 'high', what: `every action on ${resources.slice(0, 2).join(', ')}` },
      );
      continue;
    }
    const iamWide = actions.find((a) => /^(iam|sts|organizations):\*$/i.test(a));
    if (iamWide) {
      grants.push({ severity: 'high', what: `${iamWide}${allResources ? ' on every resource' : ''}, which lets the holder grant itself anything` });
      continue;
    }
    const serviceWide = actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
    if (serviceWide.length) grants.push({ severity: 'medium', what: `every action of ${serviceWide.slice(0, 3).join(', ')}${allResources ? ' on every resource' : ''}` });
  }
  return grants;
}

function isPublicPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (!isObject(p)) return false;
  for (const v of Object.values(p)) if (strings(v).includes('*')) return true;
  return false;
}

/** The same questions asked of text that is not valid JSON. Each pattern is linear. */
function textual(text: string, opts: ScanOptions): Grant[] {
  const grants: Grant[] = [];
  // Whitespace runs are bounded so that a run of spaces cannot make a pattern backtrack for long.
  const star = (key: string): boolean => new RegExp(`"?${key}"?\\s{0,20}[:=]\\s{0,20}\\[?\\s{0,20}"\\*(:\\*)?"`, 'i').test(text);
  if (opts.principals && (star('Principal') || /"?Principal"?\s{0,20}[:=]\s{0,20}\{\s{0,20}"?AWS"?\s{0,20}[:=]\s{0,20}\[?\s{0,20}"\*"/i.test(text))) {
    grants.push({ severity: /"?Condition"?\s{0,20}[:=]/i.test(text) ? 'medium' : 'critical', what: 'access to anyone ("Principal": "*")' });
  }
  if (!opts.actions) return grants;
  if (/"?NotAction"?\s{0,20}[:=]/i.test(text)) grants.push({ severity: 'high', what: 'every action except a few (NotAction with Allow)' });
  else if (star('Action')) {
    grants.push(star('Resource') ? { severity: 'critical', what: 'every action on every resource ("Action": "*", "Resource": "*")' } : { severity: 'high', what: 'every action ("Action": "*")' });
  } else if (/"(iam|sts|organizations):\*"/i.test(text)) grants.push({ severity: 'high', what: 'every IAM action, which lets the holder grant itself anything' });
  else if (/"[a-z0-9-]+:\*"/i.test(text)) grants.push({ severity: 'medium', what: 'every action of a whole service' });
  return grants;
}

/** The strongest grant, if any. */
export function strongest(grants: readonly Grant[]): Grant | undefined {
  const rank = (s: Severity): number => ['low', 'medium', 'high', 'critical'].indexOf(s);
  let best: Grant | undefined;
  for (const g of grants) if (!best || rank(g.severity) > rank(best.severity)) best = g;
  return best;
}
