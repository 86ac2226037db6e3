import type { EditMatch } from '../../rule';
import { countOf, escapeRegExp } from '../../text';
import type { FileView, Side } from '../../view';
import { allLines, defineRule, removedLines } from '../helpers';
import { CODE_FILES, isComment } from './helpers';

// ---------------------------------------------------------------------------------------------
// Authentication and authorisation guards

const GUARD = /\b(require_?auth\w*|requireUser|requireAdmin|requireRole|requirePermission\w*|requiresAuth\w*|isAuthenticated|is_authenticated|ensureAuthenticated|ensureLoggedIn|ensure_logged_in|loginRequired|login_required|auth_required|authRequired|authenticate(?:d|User|Token|Request|_user!?|_request)?|authorize(?:d|Request|Roles?)?|permission_required|permissions_required|jwt_required|verifyToken|verify_token|verifyJWT|verify_jwt|checkAuth|check_auth|checkPermissions?|check_permissions?|checkRole|check_role|hasRole|has_role|hasPermission|has_permission|requireLogin|withAuth|withApiAuth|authMiddleware|auth_middleware|AuthGuard|RolesGuard|JwtAuthGuard|PreAuthorize|Secured|RolesAllowed|Authorize|IsAuthenticated|IsAdminUser|admin_required|staff_member_required|user_passes_test|passport\.authenticate|currentUser|get_current_\w*user|getServerSession|requireSession|protectedProcedure|isAdmin|is_admin|LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|oauth2_scheme|HTTPBearer|OAuth2PasswordBearer|verify_api_key|onlyAdmin|ensureAdmin|requireScopes?)\b/i;

const GUARD_G = new RegExp(GUARD.source, 'gi');

const DENY = /\b(401|403)\b|\b(Unauthorized|Unauthenticated|Forbidden|PermissionDenied|AccessDenied|NotAuthorized|HTTP_401|HTTP_403|status\.HTTP_40[13])\w*|redirect\w*\s*\(\s*(['"`])[^'"`]*\/(?:login|signin|sign-in|auth)\b/i;

/** A route declaration and its path: `router.get('/x', …)`, `@app.route("/x")`, `@GetMapping("/x")`. */
const ROUTE_LITERAL = /\b(?:get|post|put|patch|delete|del|all|route|options|head|Get|Post|Put|Patch|Delete|Route|GetMapping|PostMapping|PutMapping|PatchMapping|DeleteMapping|RequestMapping|HttpGet|HttpPost|HttpPut|HttpDelete)\s*\(\s*(['"`])(\/[\w\-/:{}.*<>]*)\1/;

const DEF_NAME = /\b(?:def|function|func|fn|async\s+function|public\s+\w+|private\s+\w+|protected\s+\w+)\s+(\w+)|\b(\w+)\s*(?:=|:)\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*=>|^\s*(?:async\s+)?(\w+)\s*\([^)]*\)\s*\{/;

/**
 * Where a guard covers more than one route: app- or router-level middleware (`app.use`,
 * `router.use`, Fastify hooks and plugins, Laravel and Rails filters), framework-wide settings
 * (DRF's defaults, Spring's HTTP security, Next.js middleware), FastAPI routers and apps built with
 * `dependencies=`, and Nest guards on a controller class or registered as APP_GUARD.
 */
const GLOBAL_GUARD = /\.use\s*\(|\.addHook\s*\(|\.register\s*\(|\bbefore_action\b|\bbefore_filter\b|DEFAULT_PERMISSION_CLASSES|permission_classes|APP_GUARD|authorizeHttpRequests|\.authorizeRequests|\bmiddleware\s*\(|Route::middleware|->middleware\(|matcher\s*:|export\s+(?:const|default)\s+(?:config|middleware)|\b(?:APIRouter|FastAPI)\s*\(.*\bdependencies\s*=|include_router\s*\(.*\bdependencies\s*=|\bdependencies\s*=|useGlobalGuards/;

/** The decorators stacked on a line lead to a class (`@UseGuards` on a controller, not on one method). */
function onClass(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
    const t = lines[j].trim();
    if (t.startsWith('@') || t === '') continue;
    return /^(export\s+)?(default\s+)?(abstract\s+)?class\b/.test(t);
  }
  return false;
}

/** Hooks that run before every request of an app or blueprint (Flask, Sinatra-style filters). */
const BEFORE_EVERY = /@\w+\.before_(app_)?request\b|\bbefore_request\s*\(|\bbefore\s+do\b/;

/** How far below a hook's opening line its check may sit (an inline middleware, a before_request function). */
const HOOK_BODY_LINES = 8;

/**
 * Lines that apply a guard beyond a single route, trimmed, each with the guard it applies: on the
 * line itself, or in the first lines of an inline middleware or before-request hook it opens.
 */
function globalGuardLines(text: string): string[] {
  const lines = text.split('\n', 20_000);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i];
    if (isComment(t)) continue;
    if (GUARD.test(t)) {
      if (/^\s*@UseGuards\b/.test(t) ? onClass(lines, i) : GLOBAL_GUARD.test(t) && !ROUTE_LITERAL.test(t)) out.push(t.trim());
      continue;
    }
    if ((GLOBAL_GUARD.test(t) || BEFORE_EVERY.test(t)) && !ROUTE_LITERAL.test(t)) {
      const body = lines.slice(i + 1, i + 1 + HOOK_BODY_LINES).filter((l) => !isComment(l)).join('\n');
      if (GUARD.test(body) || DENY.test(body)) out.push(`${t.trim()} ${guardsIn(body).join(' ')}`.trim());
    }
  }
  return out;
}

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
  summary: 'An authentication or authorisation check (middleware, decorator, dependency, mixin or guard) is removed from a route or handler that still exists (Express, Fastify, Nest, Flask, Django, FastAPI, Spring and others).',
  rationale: 'Taking the guard off a route is how an agent "fixes" a 401 in a test, and how an admin endpoint becomes public. A refactor that moves the guard to a router, app-level middleware, a FastAPI router\'s dependencies or a controller class in the same step keeps the route protected and is not flagged; an app-wide check that was already there does not excuse removing a route\'s own, stricter one.',
  alternative: 'Keep the guard on the route; if the check moves, apply it at the router or middleware level in the same change.',
  examples: {
    fire: [
      { path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n", after: "router.delete('/admin/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n" },
      // An app-wide authentication middleware that was already there does not stand in for the route's own authorisation.
      { path: 'src/app.ts', before: "app.use(authenticate);\napp.delete('/admin/users/:id', requireAdmin, removeUser);\n", after: "app.use(authenticate);\napp.delete('/admin/users/:id', removeUser);\n" },
      { path: 'app/main.py', before: "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int, user: User = Depends(get_current_user)):\n    await items.delete(item_id)\n", after: "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n" },
      { path: 'shop/views.py', before: "class OrdersView(LoginRequiredMixin, ListView):\n    model = Order\n", after: "class OrdersView(ListView):\n    model = Order\n" },
    ],
    pass: [
      { path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n", after: "router.use(requireAdmin);\n\nrouter.delete('/admin/users/:id', async (req, res) => {\n  await users.remove(req.params.id);\n  res.sendStatus(204);\n});\n" },
      // Moved to the router: every route on it depends on the check.
      { path: 'app/main.py', before: "router = APIRouter()\n\n@router.delete('/items/{item_id}', dependencies=[Depends(verify_token)])\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n", after: "router = APIRouter(dependencies=[Depends(verify_token)])\n\n@router.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n" },
      // Moved from the method to the controller class.
      { path: 'src/users.controller.ts', before: "@Controller('users')\nexport class UsersController {\n  @UseGuards(JwtAuthGuard)\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n}\n", after: "@UseGuards(JwtAuthGuard)\n@Controller('users')\nexport class UsersController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n}\n" },
    ],
  },
  check(view) {
    if (view.status !== 'modified') return [];
    const removed = removedLines(view).filter((l) => !isComment(l.text) && (GUARD.test(l.text) || DENY.test(l.text)));
    if (!removed.length) return [];
    const afterLines = allLines(view, 'after');
    const beforeLines = allLines(view, 'before');
    const others = (view.ctx.batch?.afterTexts ?? []).filter((t) => t !== view.after);
    // A guard moved elsewhere: a guard applied to more than one route that the step adds (here or
    // in another file), or the removed guard itself applied at that level. Guards that were
    // already global before the edit do not excuse removing a route's own, stricter one.
    const globalBefore = new Set(globalGuardLines(view.before ?? ''));
    const globalAfter = globalGuardLines(view.after ?? '');
    const globalOthers = others.flatMap((t) => globalGuardLines(t));
    const otherBefore = new Set((view.ctx.batch?.changes ?? []).filter((c) => c.path !== view.path && typeof c.before === 'string').flatMap((c) => globalGuardLines(c.before as string)));
    const globalAdded = globalAfter.some((l) => !globalBefore.has(l)) || globalOthers.some((l) => !otherBefore.has(l));
    const globalNames = [...globalAfter, ...globalOthers].join('\n');
    const out: EditMatch[] = [];
    for (const r of removed) {
      const guards = guardsIn(r.text);
      // The unit the guard protected: a route path on the same line, or the function it decorates.
      const route = ROUTE_LITERAL.exec(r.text)?.[2];
      const decorator = /^\s*(@|\[|#\[)/.test(r.text);
      // A mixin or base class dropped from a class-based view (Django's LoginRequiredMixin).
      const cls = route ? undefined : /^\s*class\s+(\w+)/.exec(r.text)?.[1];
      const fn = route || cls || !decorator ? cls : defAfter(beforeLines, r.line + 1);
      let unitIdx = -1;
      if (route) unitIdx = lineIndexOf(afterLines, new RegExp(`(['"\`])${escapeRegExp(route)}\\1`));
      else if (cls) unitIdx = lineIndexOf(afterLines, new RegExp(`^\\s*class\\s+${escapeRegExp(cls)}\\b`));
      else if (fn) unitIdx = lineIndexOf(afterLines, new RegExp(`\\b${escapeRegExp(fn)}\\b\\s*(?:\\(|=|:)`));
      if (unitIdx < 0 && (route || fn)) continue; // The route or handler itself is gone.
      if (globalAdded || guards.some((g) => globalNames.includes(g))) continue;
      if (unitIdx >= 0) {
        const near = decoratorBlock(afterLines, unitIdx);
        if (route || cls ? GUARD.test(afterLines[unitIdx].text) : GUARD.test(near)) continue;
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
