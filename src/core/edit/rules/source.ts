/**
 * Source code: the safety nets inside a codebase. Tests that are skipped or deleted, and
 * authentication or authorisation guards taken off a route or handler. Each rule compares the
 * two versions as a whole, so moving a test or hoisting a guard to the router is not a removal.
 */
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { countOf, escapeRegExp } from '../text';
import { addedLines, allLines, defineRule, removedLines } from './helpers';

const CODE_FILES = [
  '**/*.js', '**/*.jsx', '**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.cjs', '**/*.py', '**/*.rb', '**/*.go', '**/*.java', '**/*.kt', '**/*.cs',
  '**/*.rs', '**/*.php', '**/*.swift', '**/*.scala', '**/*.ex', '**/*.exs', '**/*.vue', '**/*.svelte',
];

function isComment(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('//') || t.startsWith('#') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('--');
}

export function isTestPath(lowerPath: string): boolean {
  return /(^|\/)(test|tests|spec|specs|__tests__|testing)\//.test(lowerPath) || /[._-](test|spec|tests)\.[a-z]+$/.test(lowerPath) || /(^|\/)test_[^/]*\.py$/.test(lowerPath) || /_test\.go$/.test(lowerPath) || /test\.(java|kt|cs)$/.test(lowerPath) || /tests?\.(cs|swift)$/.test(lowerPath);
}

const SKIP_MARKERS: { name: string; re: RegExp; testOnly?: boolean }[] = [
  { name: '.skip', re: /\b(?:it|test|describe|context|suite|specify|bench)\.skip(?:If)?\s*\(/ },
  { name: '.only', re: /\b(?:it|test|describe|context|suite)\.only\s*\(/ },
  { name: 'x-prefix', re: /\b(?:xit|xdescribe|xtest|xcontext|xspecify)\s*\(/ },
  { name: 'pytest skip', re: /@pytest\.mark\.(?:skip|skipif|xfail)\b|\bpytest\.skip\s*\(|@unittest\.skip\w*/ },
  { name: '@Disabled', re: /@(?:Disabled|Ignore)\b/, testOnly: true },
  { name: 'xUnit skip', re: /\[(?:Fact|Theory|Test)\s*\(\s*Skip\s*=|\[Ignore\b/ },
  { name: 't.Skip', re: /\bt\.Skip(?:f|Now)?\s*\(/ },
  { name: '#[ignore]', re: /#\[ignore\b/ },
  { name: 'markTestSkipped', re: /->markTestSkipped\s*\(/ },
  { name: 'rspec skip', re: /^\s*(?:skip|pending)\b(?:\s+["']|\s*\(|\s*$)/, testOnly: true },
];

function markerCount(view: FileView, side: Side, re: RegExp): number {
  let n = 0;
  for (const l of allLines(view, side)) if (!isComment(l.text) && re.test(l.text)) n++;
  return n;
}

export const srcTestsSkipped = defineRule({
  id: 'SRC001',
  name: 'tests-skipped',
  category: 'source',
  severity: 'medium',
  files: CODE_FILES,
  summary: 'Tests are skipped or focused (`it.skip`, `xit`, `.only`, `@pytest.mark.skip`, `@Disabled`, `t.Skip`…).',
  rationale: 'A skipped test passes without running; `.only` silently skips every other test in the file. Agents reach for both to make a red build green, and the behaviour the test guarded goes unchecked.',
  alternative: 'Fix the failing test or the code; if a test must be quarantined, do it in a reviewed change with a linked issue.',
  examples: {
    fire: [{ path: 'src/billing.test.ts', before: "it('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n", after: "it.skip('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n" }],
    pass: [{ path: 'src/billing.test.ts', before: "it('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n", after: "it('charges tax on net amounts', () => {\n  expect(tax(100)).toBe(20);\n});\n" }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const test = isTestPath(view.lowerPath);
    const out: EditMatch[] = [];
    const added = addedLines(view);
    for (const m of SKIP_MARKERS) {
      if (m.testOnly && !test) continue;
      const hits = added.filter((l) => !isComment(l.text) && m.re.test(l.text));
      if (!hits.length) continue;
      const grew = markerCount(view, 'after', m.re) - markerCount(view, 'before', m.re);
      if (grew <= 0) continue;
      for (const l of hits.slice(0, grew)) {
        out.push({ message: m.name === '.only' ? 'test focused with .only: every other test in the file is skipped' : `test skipped (${m.name})`, afterSpan: { start: l.start, end: l.end } });
      }
    }
    return out;
  },
});

const TEST_DECL: RegExp[] = [
  /\b[xf]?(?:it|test|specify)(?:\.(?:skip|only|concurrent|failing))?\s*\(\s*(['"`])((?:(?!\1).){1,200})\1/g,
  /\bdef\s+(test_\w+)/g,
  /\bfunc\s+(Test\w+)\s*\(/g,
  /#\[test\][\s\S]{0,80}?\bfn\s+(\w+)/g,
  /@Test\b[\s\S]{0,120}?\b(?:void|fun|public\s+void|async\s+Task|public\s+async\s+Task)\s+(\w+)\s*\(/g,
  /\[(?:Fact|Test|Theory)\][\s\S]{0,120}?\b(?:void|Task)\s+(\w+)\s*\(/g,
];

function testNames(text: string): Map<string, number> {
  const names = new Map<string, number>();
  if (text.length > 2_000_000) return names;
  for (const re of TEST_DECL) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let guard = 0;
    while ((m = re.exec(text)) && guard++ < 50_000) {
      const name = m[2] ?? m[1];
      if (!names.has(name)) names.set(name, m.index);
    }
  }
  return names;
}

export const srcTestsDeleted = defineRule({
  id: 'SRC002',
  name: 'tests-deleted',
  category: 'source',
  severity: 'medium',
  files: CODE_FILES,
  summary: 'Test cases are deleted (and do not reappear elsewhere in the same step).',
  rationale: 'Deleting the test that fails is the other way to a green build. A test moved to another file is fine and is recognised by name.',
  alternative: 'Keep the test and fix what it found; if it is obsolete, delete it in a change that says why.',
  examples: {
    fire: [{ path: 'tests/test_refunds.py', before: 'def test_refund_full():\n    assert refund(10) == 10\n\n\ndef test_refund_partial():\n    assert refund(10, 5) == 5\n', after: 'def test_refund_full():\n    assert refund(10) == 10\n' }],
    pass: [{ path: 'tests/test_refunds.py', before: 'def test_refund_full():\n    assert refund(10) == 10\n', after: 'def test_refund_full():\n    assert refund(10) == 10\n\n\ndef test_refund_partial():\n    assert refund(10, 5) == 5\n' }],
  },
  check(view) {
    if (!isTestPath(view.lowerPath) || view.status === 'added') return [];
    const before = testNames(view.before);
    if (!before.size) return [];
    const after = testNames(view.after);
    const elsewhere = (view.ctx.batch?.afterTexts ?? []).filter((t) => t !== view.after);
    const lost = [...before.entries()].filter(([name]) => !after.has(name) && !elsewhere.some((t) => t.includes(name)));
    if (!lost.length) return [];
    const [firstName, offset] = lost[0];
    return [{
      message: `${lost.length} test${lost.length === 1 ? '' : 's'} deleted${view.status === 'deleted' ? ' with the file' : ''}: ${lost.slice(0, 3).map(([n]) => `"${n.slice(0, 50)}"`).join(', ')}${lost.length > 3 ? '…' : ''}`,
      beforeSpan: { start: offset, end: offset + Math.min(firstName.length + 10, view.before.length - offset) },
    }];
  },
});

// ---------------------------------------------------------------------------------------------
// Authentication and authorisation guards

const GUARD = /\b(require_?auth\w*|requireUser|requireAdmin|requireRole|requirePermission\w*|requiresAuth\w*|isAuthenticated|is_authenticated|ensureAuthenticated|ensureLoggedIn|ensure_logged_in|loginRequired|login_required|auth_required|authRequired|authenticate(?:d|User|Token|Request|_user!?|_request)?|authorize(?:d|Request|Roles?)?|permission_required|permissions_required|jwt_required|verifyToken|verify_token|verifyJWT|verify_jwt|checkAuth|check_auth|checkPermissions?|check_permissions?|checkRole|check_role|hasRole|has_role|hasPermission|has_permission|requireLogin|withAuth|withApiAuth|authMiddleware|auth_middleware|AuthGuard|RolesGuard|JwtAuthGuard|PreAuthorize|Secured|RolesAllowed|Authorize|IsAuthenticated|IsAdminUser|admin_required|staff_member_required|user_passes_test|passport\.authenticate|currentUser|getServerSession|requireSession|protectedProcedure|isAdmin|is_admin)\b/i;
const GUARD_G = new RegExp(GUARD.source, 'gi');
const DENY = /\b(401|403)\b|\b(Unauthorized|Unauthenticated|Forbidden|PermissionDenied|AccessDenied|NotAuthorized|HTTP_401|HTTP_403|status\.HTTP_40[13])\w*|redirect\w*\s*\(\s*(['"`])[^'"`]*\/(?:login|signin|sign-in|auth)\b/i;
/** A route declaration and its path: `router.get('/x', …)`, `@app.route("/x")`, `@GetMapping("/x")`. */
const ROUTE_LITERAL = /\b(?:get|post|put|patch|delete|del|all|route|options|head|Get|Post|Put|Patch|Delete|Route|GetMapping|PostMapping|PutMapping|PatchMapping|DeleteMapping|RequestMapping|HttpGet|HttpPost|HttpPut|HttpDelete)\s*\(\s*(['"`])(\/[\w\-/:{}.*<>]*)\1/;
const DEF_NAME = /\b(?:def|function|func|fn|async\s+function|public\s+\w+|private\s+\w+|protected\s+\w+)\s+(\w+)|\b(\w+)\s*(?:=|:)\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*=>|^\s*(?:async\s+)?(\w+)\s*\([^)]*\)\s*\{/;
const GLOBAL_GUARD = /\.use\s*\(|\bbefore_action\b|\bbefore_filter\b|DEFAULT_PERMISSION_CLASSES|permission_classes|@UseGuards|APP_GUARD|authorizeHttpRequests|\.authorizeRequests|middleware\s*\(|Route::middleware|->middleware\(|matcher\s*:|export\s+(?:const|default)\s+(?:config|middleware)/;

function guardsIn(text: string): string[] {
  const out: string[] = [];
  GUARD_G.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = GUARD_G.exec(text)) && guard++ < 100) out.push(m[1]);
  return out;
}

function defAfter(lines: { text: string }[], from: number): string | undefined {
  for (let i = from; i < Math.min(lines.length, from + 6); i++) {
    const m = DEF_NAME.exec(lines[i].text);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  return undefined;
}

function lineIndexOf(lines: { text: string }[], re: RegExp): number {
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i].text)) return i;
  return -1;
}

export const srcAuthRemoved = defineRule({
  id: 'SRC003',
  name: 'auth-check-removed',
  category: 'source',
  severity: 'high',
  files: CODE_FILES,
  summary: 'An authentication or authorisation check is removed from a route or handler that still exists.',
  rationale: 'Taking the guard off a route is how an agent "fixes" a 401 in a test, and how an admin endpoint becomes public. A refactor that moves the guard to a router, middleware or class level keeps the route protected and is not flagged.',
  alternative: 'Keep the guard on the route; if the check moves, apply it at the router or middleware level in the same change.',
  examples: {
    fire: [{ path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n", after: "router.delete('/admin/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n" }],
    pass: [{ path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n", after: "router.use(requireAdmin);\n\nrouter.delete('/admin/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n" }],
  },
  check(view) {
    if (view.status !== 'modified') return [];
    const removed = removedLines(view).filter((l) => !isComment(l.text) && (GUARD.test(l.text) || DENY.test(l.text)));
    if (!removed.length) return [];
    const afterLines = allLines(view, 'after');
    const beforeLines = allLines(view, 'before');
    const others = (view.ctx.batch?.afterTexts ?? []).filter((t) => t !== view.after);
    const globalNow = afterLines.some((l) => GLOBAL_GUARD.test(l.text) && GUARD.test(l.text)) || others.some((t) => t.split('\n').some((l) => GLOBAL_GUARD.test(l) && GUARD.test(l)));
    const out: EditMatch[] = [];
    for (const r of removed) {
      const guards = guardsIn(r.text);
      // The unit the guard protected: a route path on the same line, or the function it decorates.
      const route = ROUTE_LITERAL.exec(r.text)?.[2];
      const decorator = /^\s*(@|\[|#\[)/.test(r.text);
      const fn = route || !decorator ? undefined : defAfter(beforeLines, r.line + 1);
      let unitIdx = -1;
      if (route) unitIdx = lineIndexOf(afterLines, new RegExp(`(['"\`])${escapeRegExp(route)}\\1`));
      else if (fn) unitIdx = lineIndexOf(afterLines, new RegExp(`\\b${escapeRegExp(fn)}\\b\\s*(?:\\(|=|:)`));
      if (unitIdx < 0 && (route || fn)) continue; // The route or handler itself is gone.
      if (globalNow) continue;
      if (unitIdx >= 0) {
        const near = decoratorBlock(afterLines, unitIdx);
        if (route ? GUARD.test(afterLines[unitIdx].text) : GUARD.test(near)) continue;
        // A check inside the handler body (first lines) also counts.
        const body = afterLines.slice(unitIdx, unitIdx + 12).map((l) => l.text).join('\n');
        if (guards.some((g) => body.includes(g)) || (DENY.test(r.text) && DENY.test(body))) continue;
      } else {
        // No identifiable unit: a check inside a function body. Flag only when the file now has fewer of them.
        const names = guards.length ? guards : [];
        const fewer = names.some((g) => countOf(view.after, g) < countOf(view.before, g)) || (DENY.test(r.text) && denyCount(view, 'after') < denyCount(view, 'before'));
        if (!fewer) continue;
        if (names.some((g) => others.some((t) => t.includes(g)) && countOf(view.after, g) > 0)) continue;
      }
      out.push({
        message: `${guards.length ? `guard ${guards[0]}` : 'authorisation check'} removed from ${route ? `route ${route}` : fn ? fn : 'a handler'}, which is still there unprotected`,
        beforeSpan: { start: r.start, end: r.end },
      });
    }
    return out;
  },
});

/** The handler's line and the decorators or attributes stacked right above it. */
function decoratorBlock(lines: { text: string }[], idx: number): string {
  const out = [lines[idx].text];
  for (let i = idx - 1; i >= 0 && i >= idx - 12; i--) {
    const t = lines[i].text.trim();
    if (t.startsWith('@') || t.startsWith('[') || t.startsWith('#[') || t.startsWith('before_action')) out.push(t);
    else break;
  }
  return out.join('\n');
}

function denyCount(view: FileView, side: Side): number {
  return allLines(view, side).filter((l) => DENY.test(l.text) && !isComment(l.text)).length;
}

export const SOURCE_RULES: readonly EditRule[] = [srcTestsSkipped, srcTestsDeleted, srcAuthRemoved];
