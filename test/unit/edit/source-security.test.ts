/**
 * Security taken out of code: route guards (SRC003), and the rules for token verification, CSRF
 * and CORS. Each case is the smallest edit that shows it, across the frameworks the rules name.
 */
import assert from 'node:assert/strict';
import { evaluateBatch } from '../../../src/core/edit/engine';
import type { FileChange } from '../../../src/core/edit/types';

function ids(changes: FileChange[], rule?: string): string[] {
  const res = evaluateBatch(changes);
  return res.files.flatMap((f) => f.findings.filter((x) => !rule || x.ruleId === rule).map((x) => `${f.path}:${x.range.start.line + 1}:${x.ruleId}`));
}
const edit = (path: string, before: string, after: string): FileChange[] => [{ path, before, after }];

describe('SRC003 auth-check-removed across frameworks', () => {
  it('a route\'s own guard removed while an app-wide one stays is still a removal (Express)', () => {
    assert.deepEqual(ids(edit('src/app.ts', "app.use(authenticate);\napp.delete('/admin/users/:id', requireAdmin, handler);\n", "app.use(authenticate);\napp.delete('/admin/users/:id', handler);\n"), 'SRC003'), ['src/app.ts:2:SRC003']);
  });

  it('the guard moved to the router that mounts the route, in another file of the step, is quiet', () => {
    const changes: FileChange[] = [
      { path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, handler);\n", after: "router.delete('/admin/users/:id', handler);\n" },
      { path: 'src/app.ts', before: "app.use('/admin', adminRouter);\n", after: "app.use('/admin', requireAdmin, adminRouter);\n" },
    ];
    assert.deepEqual(ids(changes, 'SRC003'), []);
  });

  it('Nest: @UseGuards taken off one method fires even though another method keeps its own', () => {
    const method = (guard: boolean) => `${guard ? '  @UseGuards(JwtAuthGuard)\n' : ''}  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n`;
    const head = "@Controller('users')\nexport class UsersController {\n  @UseGuards(JwtAuthGuard)\n  @Get()\n  list() {\n    return this.users.list();\n  }\n\n";
    assert.deepEqual(ids(edit('src/users.controller.ts', `${head}${method(true)}}\n`, `${head}${method(false)}}\n`), 'SRC003'), ['src/users.controller.ts:9:SRC003']);
  });

  it('Nest: the guard moved up to the controller class is quiet', () => {
    const body = "export class UsersController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n}\n";
    const before = `@Controller('users')\n${body.replace('  @Delete', '  @UseGuards(JwtAuthGuard)\n  @Delete')}`;
    assert.deepEqual(ids(edit('src/users.controller.ts', before, `@UseGuards(JwtAuthGuard)\n@Controller('users')\n${body}`), 'SRC003'), []);
  });

  it('FastAPI: Depends(get_current_user) dropped from a handler that stays fires', () => {
    assert.deepEqual(ids(edit('app/main.py', "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int, user: User = Depends(get_current_user)):\n    await items.delete(item_id)\n", "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n"), 'SRC003'), ['app/main.py:2:SRC003']);
  });

  it('FastAPI: route dependencies moved to APIRouter(dependencies=…) are quiet', () => {
    assert.deepEqual(ids(edit('app/main.py', "router = APIRouter()\n@router.delete('/items/{item_id}', dependencies=[Depends(verify_token)])\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n", "router = APIRouter(dependencies=[Depends(verify_token)])\n@router.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n"), 'SRC003'), []);
  });

  it('Django: LoginRequiredMixin dropped from a class-based view fires; the view deleted is quiet', () => {
    const before = "class AdminView(LoginRequiredMixin, View):\n    def get(self, request):\n        return render(request, 'a.html')\n";
    assert.deepEqual(ids(edit('app/views.py', before, "class AdminView(View):\n    def get(self, request):\n        return render(request, 'a.html')\n"), 'SRC003'), ['app/views.py:1:SRC003']);
    assert.deepEqual(ids(edit('app/views.py', `${before}\nclass Other(View):\n    pass\n`, 'class Other(View):\n    pass\n'), 'SRC003'), []);
  });

  it('Flask: login_required replaced by the blueprint\'s before_request check is quiet; dropped alone it fires', () => {
    const before = "@bp.route('/admin')\n@login_required\ndef admin():\n    return render_template('admin.html')\n";
    const hook = "@bp.before_request\ndef require_login():\n    if not current_user.is_authenticated:\n        abort(401)\n\n";
    assert.deepEqual(ids(edit('app/admin.py', before, `${hook}@bp.route('/admin')\ndef admin():\n    return render_template('admin.html')\n`), 'SRC003'), []);
    assert.deepEqual(ids(edit('app/admin.py', before, "@bp.route('/admin')\ndef admin():\n    return render_template('admin.html')\n"), 'SRC003'), ['app/admin.py:2:SRC003']);
  });

  it('Express: the check moved into an inline router middleware is quiet; an unrelated router.use is not a move', () => {
    const before = "router.delete('/users/:id', requireAdmin, del);\n";
    assert.deepEqual(ids(edit('src/admin.ts', before, "router.use((req, res, next) => {\n  if (!req.user?.admin) return res.sendStatus(403);\n  next();\n});\nrouter.delete('/users/:id', del);\n"), 'SRC003'), []);
    assert.deepEqual(ids(edit('src/admin.ts', before, "router.use(express.json());\nrouter.delete('/users/:id', del);\n"), 'SRC003'), ['src/admin.ts:1:SRC003']);
  });

  it('a guard swapped for another guard on the same route is quiet', () => {
    assert.deepEqual(ids(edit('src/routes/admin.ts', "router.delete('/admin/users/:id', requireAdmin, handler);\n", "router.delete('/admin/users/:id', requireRole('admin'), handler);\n"), 'SRC003'), []);
  });
});

describe('SRC004 token-verification-disabled', () => {
  const fires = (path: string, before: string, after: string) => ids(edit(path, before, after), 'SRC004');

  it('fires across libraries: jose decodeJwt for jwtVerify, "none" accepted, jjwt unsecured, ruby-jwt verify false, PyJWT verify_aud', () => {
    assert.deepEqual(fires('src/auth.ts', 'const { payload } = await jwtVerify(token, JWKS, { issuer });\n', 'const payload = decodeJwt(token);\n'), ['src/auth.ts:1:SRC004']);
    assert.deepEqual(fires('src/auth.js', "const claims = jwt.verify(t, key, { algorithms: ['RS256'] });\n", "const claims = jwt.verify(t, key, { algorithms: ['none'] });\n"), ['src/auth.js:1:SRC004']);
    assert.deepEqual(fires('src/main/java/Auth.java', 'Claims c = Jwts.parser().verifyWith(key).build().parseSignedClaims(t).getPayload();\n', 'Claims c = Jwts.parser().unsecured().build().parseUnsecuredClaims(t).getPayload();\n'), ['src/main/java/Auth.java:1:SRC004']);
    assert.deepEqual(fires('app/lib/token.rb', "payload, = JWT.decode(token, SECRET, true, { algorithm: 'HS256' })\n", 'payload, = JWT.decode(token, nil, false)\n'), ['app/lib/token.rb:1:SRC004']);
    assert.deepEqual(fires('app/auth.py', 'claims = jwt.decode(t, KEY, algorithms=["RS256"], audience="api")\n', 'claims = jwt.decode(t, KEY, algorithms=["RS256"], options={"verify_aud": False})\n'), ['app/auth.py:1:SRC004']);
  });

  it('an audience option dropped from a jwt.verify call that stays is medium', () => {
    const res = evaluateBatch(edit('src/auth.ts', "const c = jwt.verify(t, key, { audience: 'api' });\n", 'const c = jwt.verify(t, key);\n'));
    assert.deepEqual(res.files[0].findings.filter((f) => f.ruleId === 'SRC004').map((f) => f.severity), ['medium']);
  });

  it('stays quiet on look-alikes: TLS verify=False, a decode added where verify stays, verification switched on, fixtures', () => {
    assert.deepEqual(fires('app/client.py', 'r = requests.get(url)\n', 'r = requests.get(url, verify=False)\n'), []);
    assert.deepEqual(fires('src/auth.ts', 'const c = jwt.verify(t, key);\n', 'const c = jwt.verify(t, key);\nconst exp = jwt.decode(t).exp;\n'), []);
    assert.deepEqual(fires('app/auth.py', 'c = jwt.decode(t, options={"verify_signature": False})\n', 'c = jwt.decode(t, KEY, algorithms=["RS256"], options={"verify_signature": True})\n'), []);
    assert.deepEqual(fires('test/fixtures/tokens.ts', 'export const a = 1;\n', "export const a = jwt.verify(t, k, { algorithms: ['none'] });\n"), []);
  });
});

describe('SRC005 csrf-protection-disabled', () => {
  const fires = (path: string, before: string, after: string) => ids(edit(path, before, after), 'SRC005');

  it('fires on Spring method references and Kotlin DSL, Rails skip, Flask-WTF CSRFProtect removed', () => {
    assert.deepEqual(fires('src/main/java/Sec.java', 'http.formLogin(withDefaults());\n', 'http.csrf(AbstractHttpConfigurer::disable).formLogin(withDefaults());\n'), ['src/main/java/Sec.java:1:SRC005']);
    assert.deepEqual(fires('src/main/kotlin/Sec.kt', 'http {\n  formLogin { }\n}\n', 'http {\n  csrf { disable() }\n  formLogin { }\n}\n'), ['src/main/kotlin/Sec.kt:2:SRC005']);
    assert.deepEqual(fires('app/controllers/payments_controller.rb', 'class PaymentsController < ApplicationController\nend\n', 'class PaymentsController < ApplicationController\n  skip_before_action :verify_authenticity_token\nend\n'), ['app/controllers/payments_controller.rb:2:SRC005']);
    assert.deepEqual(fires('app/__init__.py', 'app = Flask(__name__)\ncsrf = CSRFProtect(app)\n', 'app = Flask(__name__)\n'), ['app/__init__.py:1:SRC005']);
  });

  it('stays quiet on look-alikes: protection added, a template token renamed, the test environment', () => {
    assert.deepEqual(fires('shop/views.py', 'def transfer(request):\n    pass\n', '@csrf_protect\ndef transfer(request):\n    pass\n'), []);
    assert.deepEqual(fires('web/form.ts', "const t = meta('csrf-token');\n", "const token = meta('csrf-token');\n"), []);
    assert.deepEqual(fires('shop/settings/test.py', 'DEBUG = True\n', 'DEBUG = True\nWTF_CSRF_ENABLED = False\n'), []);
  });
});

describe('SRC006 cors-any-origin-with-credentials', () => {
  const fires = (path: string, before: string, after: string) => ids(edit(path, before, after), 'SRC006');

  it('fires on Nest enableCors over several lines, Flask-CORS defaults, Spring origin patterns, gin', () => {
    assert.deepEqual(fires('src/main.ts', 'app.enableCors();\n', 'app.enableCors({\n  origin: true,\n  credentials: true,\n});\n'), ['src/main.ts:2:SRC006']);
    assert.deepEqual(fires('app/__init__.py', 'CORS(app, origins=["https://app.acme.com"], supports_credentials=True)\n', 'CORS(app, supports_credentials=True)\n'), ['app/__init__.py:1:SRC006']);
    assert.deepEqual(fires('src/main/java/Web.java', '    registry.addMapping("/**")\n      .allowedOrigins("https://app.acme.com")\n      .allowCredentials(true);\n', '    registry.addMapping("/**")\n      .allowedOriginPatterns("*")\n      .allowCredentials(true);\n'), ['src/main/java/Web.java:2:SRC006']);
    assert.deepEqual(fires('cmd/api/main.go', 'r.Use(cors.New(cors.Config{\n\tAllowOrigins: []string{"https://app.acme.com"},\n\tAllowCredentials: true,\n}))\n', 'r.Use(cors.New(cors.Config{\n\tAllowAllOrigins: true,\n\tAllowCredentials: true,\n}))\n'), ['cmd/api/main.go:2:SRC006']);
  });

  it('stays quiet on look-alikes: a public wildcard next to a credentialed allow-list, credentials switched off, an unchanged configuration moved', () => {
    assert.deepEqual(fires('src/server.ts', "app.use('/api', cors({ origin: ['https://app.acme.com'], credentials: true }));\n", "app.use('/public', cors({ origin: '*' }));\napp.use('/api', cors({ origin: ['https://app.acme.com'], credentials: true }));\n"), []);
    assert.deepEqual(fires('app/main.py', 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n', 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)\n'), []);
    assert.deepEqual(fires('src/server.ts', 'const a = 1;\napp.use(cors({ origin: true, credentials: true }));\n', 'app.use(cors({ origin: true, credentials: true }));\nconst a = 1;\n'), []);
  });
});
