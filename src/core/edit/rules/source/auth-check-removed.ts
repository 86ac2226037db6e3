import type { EditMatch } from '../../rule';
import { countOf, escapeRegExp } from '../../text';
import type { FileView, Side } from '../../view';
import { allLines, defineRule, removedLines } from '../helpers';
import { CODE_FILES, isComment } from './helpers';

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

export const authCheckRemoved = defineRule({
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
