import { kindName } from '../../plain-text';
/**
 * What several database rules share.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { Severity, Span } from '../../types';
import type { ParsedArgs } from '../cli-options';
import { spanFromProgram, spanOf } from '../rule';

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export const rank = (s: Severity): number => ORDER.indexOf(s);

/** A piece of text that a client will run, and where it sits in the line. */
export interface Script {
  text: string;
  span: Span;
  /** How it arrives, for the message. */
  from: string;
}

/** A span from the program word to the script, wherever the script sits (argument, heredoc, pipe). */
export function fromProgram(cmd: SimpleCommand, span: Span): Span {
  const p = cmd.programWord.span;
  return { start: Math.min(p.start, span.start), end: Math.max(p.end, span.end) };
}

/** Hosts of the ssh hops that led here: `ssh prod-db psql …` runs on prod-db. */
export function remoteHosts(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const v of cmd.via) if (v.kind === 'remote' && v.host) out.push(v.host);
  return out;
}

/** The text an earlier pipeline stage prints, when it is a literal `echo`/`printf`/`cat <<EOF`. */
function pipedText(cmd: SimpleCommand): Script | undefined {
  const prev = cmd.pipeline?.previous;
  if (!prev || prev.length !== 1) return undefined;
  const p = prev[0];
  if ((p.program === 'echo' || p.program === 'printf') && p.args.length) {
    const args = p.args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.value)));
    return { text: args.map((a) => a.value.split(DYN).join(' ')).join(' ').replace(/\\n/g, '\n'), span: spanOf(p, args), from: `piped from ${p.program}` };
  }
  if (p.program === 'cat' && p.stdinText !== undefined) return { text: p.stdinText, span: p.stdinSpan ?? p.span, from: 'piped from a heredoc' };
  return undefined;
}

export function stdinScript(cmd: SimpleCommand): Script | undefined {
  if (cmd.stdinText !== undefined) return { text: cmd.stdinText.split(DYN).join(' '), span: cmd.stdinSpan ?? cmd.span, from: 'on stdin' };
  return pipedText(cmd);
}

export function optionScripts(cmd: SimpleCommand, p: ParsedArgs, names: readonly string[]): Script[] {
  const out: Script[] = [];
  for (const n of names) {
    for (const o of p.options.get(n) ?? []) {
      if (o.value === undefined) continue;
      const ws = o.valueWord ? [o.word, o.valueWord] : [o.word];
      out.push({ text: o.value.split(DYN).join(' '), span: spanFromProgram(cmd, ws), from: `in ${o.word.value.replace(/=.*$/, '')}` });
    }
  }
  return out;
}

export const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

export function dropMysqlPasswords(args: readonly Word[]): Word[] {
  // `-pSecret` is mysql's attached password; read as flags it would look like `-S ecret`.
  return args.filter((a) => !(/^-p./.test(a.value) && !a.value.startsWith('--')));
}

// Cypher --------------------------------------------------------------------------------------

const MAX_CYPHER = 64 * 1024;

/** Cypher with comments and string literals blanked out (same length), and the strings it held. */
function maskCypher(text: string): { masked: string; strings: string[] } {
  let out = '';
  const strings: string[] = [];
  const n = Math.min(text.length, MAX_CYPHER);
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      const end = e === -1 ? n : Math.min(e, n);
      out += ' '.repeat(end - i);
      i = end - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e === -1 ? n : Math.min(e + 2, n);
      out += ' '.repeat(end - i);
      i = end - 1;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      if (c !== '`' && strings.length < 20) strings.push(text.slice(i + 1, Math.min(j, n)));
      // Backquoted names stay readable: `My Label` is still a label.
      out += c === '`' ? text.slice(i, Math.min(j + 1, n)) : c + '_'.repeat(Math.max(0, Math.min(j, n) - i - 1)) + (j < n ? c : '');
      i = j;
    } else out += c;
  }
  return { masked: out, strings };
}

export interface CypherHit {
  severity: Severity;
  what: string;
}

/**
 * Destructive Cypher: DETACH DELETE / DELETE over a MATCH with no WHERE and no property filter
 * (every node, or every node of a label), DROP DATABASE, DROP USER/ROLE, and the same inside
 * apoc.periodic.iterate's statement strings. Comments and string literals are data.
 */
export function scanCypher(text: string, depth = 0): CypherHit[] {
  const { masked, strings } = maskCypher(text);
  const hits: CypherHit[] = [];
  for (const raw of masked.split(';').slice(0, 200)) {
    // Statements are read up to 4 KB: enough for any DELETE's MATCH, and it keeps the patterns cheap.
    const st = raw.slice(0, 4096).replace(/\s+/g, ' ').trim();
    const up = st.toUpperCase();
    if (!up) continue;
    let m = /\bDROP (COMPOSITE )?DATABASE\s+([\w.`-]+)/.exec(up);
    if (m) {
      hits.push({ severity: 'critical', what: `drops the ${kindName('Neo4j database', m[2].toLowerCase())}` });
      continue;
    }
    m = /\bDROP (USER|ROLE)\s+([\w`-]+)/.exec(up);
    if (m) {
      hits.push({ severity: 'high', what: `drops the ${kindName(`Neo4j ${m[1].toLowerCase()}`, st.slice(m.index + 6 + m[1].length, m.index + m[0].length).trim())}` });
      continue;
    }
    if (/\bDELETE\b/.test(up) && /\bMATCH\b/.test(up)) {
      const before = up.slice(0, up.search(/\b(DETACH\s+)?DELETE\b/));
      // A WHERE, a property map in a node pattern (`(n:User {id: 1})`) or a LIMIT narrows what is matched.
      const filtered = /\bWHERE\b/.test(before) || /\(\s*[\w`]*\s*(?::\s*[\w`]+\s*)*\{\s*[\w`$]/.test(before) || /\bLIMIT\b/.test(before);
      if (!filtered) {
        const label = /\bMATCH\s*\(\s*\w*\s*:\s*([\w`]+)/i.exec(st.slice(0, before.length));
        const rel = /\bMATCH\b[^;]*\)\s*-\s*\[/.test(before);
        hits.push(
          label
            ? { severity: 'high', what: `deletes every ${label[1].replace(/`/g, '')} node${/DETACH/.test(up) ? ' and its relationships' : ''} (${/DETACH/.test(up) ? 'DETACH ' : ''}DELETE with no WHERE)` }
            : rel
              ? { severity: 'high', what: 'deletes every relationship the pattern matches (DELETE with no WHERE)' }
              : { severity: 'critical', what: `deletes every node${/DETACH/.test(up) ? ' and relationship' : ''} in the graph (${/DETACH/.test(up) ? 'DETACH ' : ''}DELETE with no WHERE)` },
        );
      }
    }
  }
  // apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', …): the action is a string.
  if (depth === 0 && /apoc\.periodic\.(iterate|commit)/i.test(masked)) {
    const [outer, inner] = strings;
    if (outer !== undefined && inner !== undefined && /\bDELETE\b/i.test(inner)) for (const h of scanCypher(`${outer.replace(/\bRETURN\b[\s\S]*$/i, '')} ${inner}`, depth + 1)) hits.push(h);
    else for (const s of strings) for (const h of scanCypher(s, depth + 1)) hits.push(h);
  }
  return hits;
}
