import type { EditMatch } from '../../rule';
import { addedLines, allLines, defineRule, type LineRef } from '../helpers';
import { CODE_FILES, isComment, isTestOrFixturePath } from './helpers';

/** Credentials allowed: the cookie or Authorization header goes with a cross-origin request. */
const CREDENTIALS = /\bcredentials\s*:\s*true\b|\ballowCredentials\s*[:=(]\s*["']?true\b|\.allowCredentials\s*\(\s*true\s*\)|\ballow_credentials\s*=\s*True\b|\bsupports_credentials\s*=\s*True\b|\bAllowCredentials\s*:\s*true\b|\.AllowCredentials\s*\(\s*\)|Access-Control-Allow-Credentials["']?\s*[,:=]\s*["']?true/i;

/**
 * Any origin: a wildcard, an origin reflected back (cors's `origin: true`, a callback that always
 * says yes, Starlette's `allow_origin_regex='.*'`, ASP.NET's SetIsOriginAllowed(_ => true), Spring's
 * allowedOriginPatterns("*"), gin's AllowAllOrigins, rs/cors' AllowOriginFunc returning true), or
 * the request's Origin header written into Access-Control-Allow-Origin.
 */
const ANY_ORIGIN = new RegExp([
  String.raw`\borigins?\s*:\s*(true\b|["'\x60]\*["'\x60])`,
  String.raw`\borigin\s*:\s*(\(\s*\w*\s*,\s*\w+\s*\)|\w+)\s*=>\s*\w+\s*\(\s*null\s*,\s*true\s*\)`,
  String.raw`\ballow_origins\s*=\s*\[\s*["']\*["']\s*\]`,
  String.raw`\ballow_origin_regex\s*=\s*r?["']\.[*+]`,
  String.raw`\borigins\s*=\s*(["']\*["']|\[\s*["']\*["']\s*\])`,
  String.raw`\ballowedOrigin(Pattern)?s\s*\(\s*"\*"|\bsetAllowedOrigin(Pattern)?s\s*\(.*"\*"|\borigins\s*=\s*"\*"|\boriginPatterns\s*=\s*"\*"`,
  String.raw`\bSetIsOriginAllowed\s*\(\s*\(?\s*\w*\s*\)?\s*=>\s*true\s*\)`,
  String.raw`\bAllowAllOrigins\s*:\s*true\b|\bAllowedOrigins\s*:\s*\[\]string\s*\{\s*"\*"`,
  String.raw`\bAllowOriginFunc\s*:\s*func\s*\([^)]*\)\s*bool\s*\{\s*return\s+true\b`,
  String.raw`Access-Control-Allow-Origin["']?\s*[,:=]\s*(\w+\.)*(headers?\.origin\b|headers?\s*\[\s*["']origin["']|header\s*\(\s*["']origin["']|get\s*\(\s*["']origin["']|Header\.Get\s*\(\s*"Origin")`,
].join('|'), 'i');

/** Flask-CORS with credentials and no `origins` (or `resources`) allows every origin, reflected. */
const FLASK_CORS_DEFAULT = /\bCORS\s*\((?![^)]*\b(origins|resources)\s*=)[^)]*\bsupports_credentials\s*=\s*True/;

/** django-cors-headers: two settings, anywhere in the settings module. */
const DJANGO_ALL = /^\s*CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True\b/;
const DJANGO_CREDENTIALS = /^\s*CORS_ALLOW_CREDENTIALS\s*=\s*True\b/;

/** An origin setting on a line (whatever its value). */
const OWN_ORIGIN = /\b(origins?|allow_origins|allowedOrigins?|AllowedOrigins|allowedOriginPatterns)\s*[:=(]/;

/** How far apart (in lines) the origin and credentials settings of one configuration may be. */
const WINDOW = 8;
const MAX_LINES = 20_000;

export const corsAnyOriginWithCredentials = defineRule({
  id: 'SRC006',
  name: 'cors-any-origin-with-credentials',
  category: 'source',
  severity: 'high',
  files: CODE_FILES,
  summary: 'CORS is opened to any origin with credentials (cors and @fastify/cors origin: true or "*", Nest enableCors, Starlette/FastAPI, Flask-CORS, django-cors-headers, Spring, ASP.NET, gin and rs/cors, or the Origin header reflected by hand), outside tests.',
  rationale: 'With credentials allowed for any origin, every website a signed-in user visits can call the API with the user\'s cookies and read the answers: their data, their tokens, anything the API returns. Agents open CORS this way to get past a browser CORS error in development; the error was the browser enforcing the allow-list.',
  alternative: 'List the origins that need access (the front end\'s own URL, from configuration per environment) and keep credentials only for those; use `*` only without credentials, for public data.',
  examples: {
    fire: [
      { path: 'src/server.ts', before: "app.use(cors({ origin: 'https://app.acme.com', credentials: true }));\n", after: 'app.use(cors({ origin: true, credentials: true }));\n' },
      { path: 'app/main.py', before: 'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=settings.FRONTEND_ORIGINS,\n    allow_credentials=True,\n)\n', after: 'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n    allow_credentials=True,\n)\n' },
      { path: 'api/settings.py', before: "CORS_ALLOWED_ORIGINS = ['https://app.acme.com']\nCORS_ALLOW_CREDENTIALS = True\n", after: 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n' },
      { path: 'src/middleware/cors.js', before: "res.setHeader('Access-Control-Allow-Origin', 'https://app.acme.com');\nres.setHeader('Access-Control-Allow-Credentials', 'true');\n", after: "res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\nres.setHeader('Access-Control-Allow-Credentials', 'true');\n" },
    ],
    pass: [
      // Any origin without credentials: public data, cookies not sent.
      { path: 'src/server.ts', before: 'app.use(express.json());\n', after: "app.use(express.json());\napp.use(cors({ origin: '*' }));\n" },
      // Credentials for a listed origin.
      { path: 'src/main.ts', before: 'app.enableCors();\n', after: "app.enableCors({ origin: ['https://app.acme.com'], credentials: true });\n" },
      // In a test.
      { path: 'test/server.test.ts', before: 'const app = build();\n', after: 'const app = build({ cors: { origin: true, credentials: true } });\n' },
    ],
  },
  check(view) {
    if (view.status === 'deleted' || isTestOrFixturePath(view.lowerPath)) return [];
    // Only an edit that writes one of the two halves can open anything.
    if (!addedLines(view).some((l) => CREDENTIALS.test(l.text) || ANY_ORIGIN.test(l.text) || DJANGO_ALL.test(l.text) || DJANGO_CREDENTIALS.test(l.text) || FLASK_CORS_DEFAULT.test(l.text))) return [];
    const before = openings(view.before);
    const after = openings(view.after);
    if (after.length <= before.length) return [];
    const was = new Set(before.map((o) => o.key));
    const lines = allLines(view, 'after');
    const out: EditMatch[] = [];
    for (const o of after) {
      if (was.has(o.key)) continue;
      const l: LineRef | undefined = lines[o.line];
      if (!l) continue;
      out.push({ message: `CORS allows any origin with credentials (${l.text.trim().slice(0, 80)}); any website can call this API as the signed-in user and read the answer`, afterSpan: { start: l.start, end: l.end } });
      break;
    }
    return out;
  },
});

interface Opening {
  /** The line that opens it (the any-origin setting). */
  line: number;
  /** Its text and its credentials line's text, so an unchanged configuration that moved keeps its key. */
  key: string;
}

/** Every place a text allows any origin with credentials. */
function openings(text: string | undefined): Opening[] {
  if (!text) return [];
  const lines = text.split('\n', MAX_LINES);
  const out: Opening[] = [];
  const creds: number[] = [];
  let djangoAll = -1;
  let djangoCreds = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i];
    if (isComment(t)) continue;
    if (CREDENTIALS.test(t)) creds.push(i);
    if (DJANGO_ALL.test(t)) djangoAll = i;
    if (DJANGO_CREDENTIALS.test(t)) djangoCreds = i;
    if (FLASK_CORS_DEFAULT.test(t)) out.push({ line: i, key: t.trim() });
  }
  if (djangoAll >= 0 && djangoCreds >= 0) out.push({ line: djangoAll, key: `${lines[djangoAll].trim()}|${lines[djangoCreds].trim()}` });
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i];
    if (isComment(t) || !ANY_ORIGIN.test(t) || FLASK_CORS_DEFAULT.test(t)) continue;
    // A credentials line that names its own origins belongs to another configuration.
    const c = creds.find((j) => Math.abs(j - i) <= WINDOW && (j === i || !OWN_ORIGIN.test(lines[j])));
    if (c !== undefined) out.push({ line: i, key: `${t.trim()}|${lines[c].trim()}` });
  }
  return out;
}
