/**
 * What several iam rules share.
 */
import type { HclBlock, HclValue } from '../../../parsers/hcl';
import { parseJsonDoc, toPlain, walkMaps } from '../../../parsers/tree';
import type { Severity, Span } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { changedLineIn, prodContext } from '../helpers';
import { attr, value } from '../tf-model';

export const POLICY_FILES = ['**/*.json', '**/*.yaml', '**/*.yml', '**/*.tf', '**/*.tf.json', '**/*.template', '**/*.tofu'];

export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: string[];
  condition: boolean;
  span: Span;
}

export function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(list);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).flatMap(list);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : [];
}

function pick(o: Record<string, unknown>, key: string): unknown {
  for (const k of Object.keys(o)) if (k.toLowerCase() === key.toLowerCase()) return o[k];
  return undefined;
}

function fromPlain(o: unknown, span: Span): Statement | undefined {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const principal = pick(r, 'Principal');
  return {
    effect: String((pick(r, 'Effect') as string | undefined) ?? 'Allow'),
    actions: list(pick(r, 'Action')),
    notActions: list(pick(r, 'NotAction')),
    resources: list(pick(r, 'Resource')),
    principals: principal === '*' ? ['*'] : list(principal),
    condition: pick(r, 'Condition') !== undefined,
    span,
  };
}

/** Statements found anywhere in a plain value (objects with a `Statement` key). */
function statementsInPlain(v: unknown, span: Span, out: Statement[], depth = 0): void {
  if (!v || typeof v !== 'object' || depth > 20 || out.length > 5000) return;
  if (Array.isArray(v)) {
    for (const x of v) statementsInPlain(x, span, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  const st = pick(o, 'Statement');
  if (st !== undefined) {
    for (const s of Array.isArray(st) ? st : [st]) {
      const parsed = fromPlain(s, span);
      if (parsed) out.push(parsed);
    }
    return;
  }
  for (const x of Object.values(o)) statementsInPlain(x, span, out, depth + 1);
}

export function hclPlain(v: HclValue | undefined): unknown {
  if (v === undefined || v === null) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') && t.includes('Statement')) return toPlain(parseJsonDoc(t).docs[0]);
    return v;
  }
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(hclPlain);
  if ('$expr' in v) return (v as { $expr: string }).$expr;
  if ('$call' in v) {
    const c = v as { $call: string; args: HclValue[] };
    return c.args.map(hclPlain);
  }
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = hclPlain(x);
  return o;
}

export function walkBlocks(blocks: HclBlock[], fn: (b: HclBlock, owner: HclBlock) => void, owner?: HclBlock, depth = 0): void {
  if (depth > 20) return;
  for (const b of blocks) {
    fn(b, owner ?? b);
    walkBlocks(b.blocks, fn, owner ?? b, depth + 1);
  }
}

export function statements(view: FileView, side: Side): Statement[] {
  return view.memo(`iam:${side}`, () => {
    const out: Statement[] = [];
    const text = view.text(side);
    if (view.kind === 'terraform') {
      if (!text.includes('Statement') && !text.includes('statement')) return out;
      const file = view.hcl(side);
      walkBlocks(file.blocks, (b) => {
        for (const a of b.attrs) {
          const raw = text.slice(a.valueStart, Math.min(a.valueEnd, a.valueStart + 200_000));
          if (!raw.includes('Statement')) continue;
          statementsInPlain(hclPlain(value(text, a)), { start: a.start, end: a.valueEnd }, out);
        }
        if (b.type === 'statement') {
          const principals: string[] = [];
          for (const p of b.blocks.filter((x) => x.type === 'principals')) principals.push(...list(hclPlain(value(text, attr(p, 'identifiers')))));
          out.push({
            effect: list(hclPlain(value(text, attr(b, 'effect'))))[0] ?? 'Allow',
            actions: list(hclPlain(value(text, attr(b, 'actions')))),
            notActions: list(hclPlain(value(text, attr(b, 'not_actions')))),
            resources: list(hclPlain(value(text, attr(b, 'resources')))),
            principals,
            condition: b.blocks.some((x) => x.type === 'condition'),
            span: { start: b.start, end: b.bodyStart },
          });
        }
      });
      return out;
    }
    if (!text.includes('Statement')) return out;
    for (const doc of view.docs(side).docs) {
      walkMaps(doc, (m) => {
        for (const e of m.entries) {
          if (e.key !== 'Statement' || !e.value) continue;
          const nodes = e.value.kind === 'seq' ? e.value.items : [e.value];
          for (const n of nodes) {
            const s = fromPlain(toPlain(n), { start: n.start, end: n.end });
            if (s) out.push(s);
          }
        }
      });
    }
    return out;
  });
}

interface Risk {
  code: string;
  severity: Severity;
  message: string;
}

const READ_ONLY = /^[\w-]+:(Get|List|Describe|Head|Lookup|Search|Query|Scan|Select|View|Read|BatchGet|Filter|Check)\w*\*?$/i;

function risks(s: Statement): Risk[] {
  if (s.effect.toLowerCase() !== 'allow') return [];
  const out: Risk[] = [];
  const allRes = s.resources.includes('*') || s.resources.length === 0;
  if (s.actions.some((a) => a === '*' || a === '*:*')) {
    out.push({ code: 'admin', severity: allRes ? 'critical' : 'high', message: `Allow of every action ("*")${allRes ? ' on every resource' : ''}: full administrator rights` });
  } else {
    const svc = s.actions.filter((a) => /^[\w-]+:\*$/.test(a));
    if (svc.length && allRes) {
      const iam = svc.some((a) => /^(iam|sts|organizations|kms):\*$/i.test(a));
      out.push({ code: 'service', severity: iam ? 'critical' : 'high', message: `Allow of ${svc.join(', ')} on every resource` });
    } else if (s.resources.includes('*') && s.actions.some((a) => !READ_ONLY.test(a)) && s.actions.some((a) => /:(Delete|Terminate|Destroy|Remove|Purge|Drop|Put|Update|Create|Attach|Detach|Pass|Modify|Write|\*)/i.test(a))) {
      out.push({ code: 'resource', severity: 'medium', message: `Allow of write actions (${s.actions.filter((a) => !READ_ONLY.test(a)).slice(0, 3).join(', ')}) on every resource ("Resource": "*")` });
    }
  }
  if (s.notActions.length) out.push({ code: 'notaction', severity: 'high', message: `Allow with NotAction (${s.notActions.slice(0, 3).join(', ')}): grants everything except the listed actions` });
  if (s.principals.includes('*') && !s.condition) out.push({ code: 'public', severity: 'high', message: 'Allow to principal "*" without a condition: anyone, including anonymous callers' });
  return out;
}

const RISK_KEY: Record<string, string | undefined> = { admin: 'Action', service: 'Action', resource: 'Resource', notaction: 'NotAction', public: 'Principal' };

function signature(s: Statement, r: Risk): string {
  return [r.code, [...s.actions].sort().join(','), [...s.notActions].sort().join(','), [...s.resources].sort().join(','), [...s.principals].sort().join(',')].join('|');
}

export function newRisks(view: FileView, codes: readonly string[]): EditMatch[] {
  if (view.status === 'deleted') return [];
  const before = new Set<string>();
  for (const s of statements(view, 'before')) for (const r of risks(s)) before.add(signature(s, r));
  const out: EditMatch[] = [];
  for (const s of statements(view, 'after')) {
    for (const r of risks(s)) {
      if (!codes.includes(r.code) || before.has(signature(s, r))) continue;
      // On the changed line that makes it risky (its Action, Resource, NotAction or Principal), not the statement's brace.
      out.push({ severity: r.severity, message: r.message, afterSpan: changedLineIn(view, s.span, RISK_KEY[r.code]), context: prodContext(view) });
    }
  }
  return out;
}

export const STATEMENT_EXAMPLE = (action: string, resource: string): string => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ${JSON.stringify(action)},\n      "Resource": ${JSON.stringify(resource)}\n    }\n  ]\n}\n`;
