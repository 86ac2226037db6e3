import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { addedLines, defineRule, removedLines } from '../helpers';
import { CODE_FILES, goneMatching, isTestOrFixturePath, newlyMatching } from './helpers';

interface Pattern {
  re: RegExp;
  what: string;
  /** high: off for the whole application; medium: one view or route exempted. */
  severity: Severity;
}

/** Lines that switch CSRF protection off, framework by framework. */
const OFF: readonly Pattern[] = [
  // Spring Security: http.csrf().disable(), csrf(c -> c.disable()), csrf(AbstractHttpConfigurer::disable), Kotlin DSL csrf { disable() }.
  { re: /\.csrf\s*\(\s*\)\s*\.\s*disable\s*\(|\bcsrf\s*\(\s*\w+\s*->\s*\w+\s*\.\s*disable\s*\(\s*\)\s*\)|\bcsrf\s*\(\s*\w*Configurer::disable\s*\)|\bcsrf\s*\{\s*disable\s*\(\s*\)/, what: 'Spring Security CSRF protection disabled', severity: 'high' },
  // Flask-WTF and Django settings.
  { re: /\bWTF_CSRF_(ENABLED|CHECK_DEFAULT)["']?\]?\s*[=:]\s*False\b/, what: 'Flask-WTF CSRF protection disabled', severity: 'high' },
  // Rails.
  { re: /\ballow_forgery_protection\s*=\s*false\b/, what: 'Rails forgery protection disabled', severity: 'high' },
  { re: /\bskip_before_action\s+:verify_authenticity_token\b|\bskip_forgery_protection\b/, what: 'Rails CSRF check skipped for this controller', severity: 'medium' },
  // SvelteKit: kit.csrf.checkOrigin; Astro: security.checkOrigin.
  { re: /\bcheckOrigin\s*:\s*false\b/, what: 'origin check for form posts disabled', severity: 'high' },
  // One view exempted: Django @csrf_exempt, Flask-WTF @csrf.exempt, ASP.NET [IgnoreAntiforgeryToken] and DisableAntiforgery().
  { re: /^\s*@csrf_exempt\b|^\s*@csrf\.exempt\b|\bcsrf\.exempt\s*\(/, what: 'view exempted from CSRF protection', severity: 'medium' },
  { re: /\[\s*IgnoreAntiforgeryToken\b|\.DisableAntiforgery\s*\(\s*\)/, what: 'endpoint exempted from antiforgery validation', severity: 'medium' },
  // Laravel: every route excepted from VerifyCsrfToken.
  { re: /\$except\s*=\s*\[\s*['"]\*['"]/, what: 'every route excepted from VerifyCsrfToken', severity: 'high' },
];

/** Lines that switch CSRF protection on; one taken away (and not added elsewhere in the step) is a removal. */
const ON: readonly Pattern[] = [
  { re: /django\.middleware\.csrf\.CsrfViewMiddleware/, what: 'CsrfViewMiddleware removed from Django\'s MIDDLEWARE', severity: 'high' },
  { re: /\bCSRFProtect\s*\(|\bcsrf\.init_app\s*\(/, what: 'Flask-WTF CSRFProtect removed', severity: 'high' },
  { re: /^\s*protect_from_forgery\b/, what: 'Rails protect_from_forgery removed', severity: 'high' },
  { re: /\.(use|register)\s*\(.*\b(csurf|csrf|csrfProtection|doubleCsrfProtection|csrfSync\w*|lusca\.csrf|fastifyCsrf\w*|csrfProtect\w*)\b/, what: 'CSRF middleware removed', severity: 'high' },
  { re: /\bAutoValidateAntiforgeryToken\b|\[\s*ValidateAntiForgeryToken\b/, what: 'antiforgery validation removed', severity: 'medium' },
  { re: /\bVerifyCsrfToken::class\b/, what: 'VerifyCsrfToken removed from the middleware', severity: 'high' },
];

export const csrfProtectionDisabled = defineRule({
  id: 'SRC005',
  name: 'csrf-protection-disabled',
  category: 'source',
  severity: 'high',
  files: CODE_FILES,
  summary: 'CSRF protection is switched off or removed (Spring Security csrf().disable(), Django CsrfViewMiddleware or @csrf_exempt, Flask-WTF, Rails, Express and Fastify CSRF middleware, ASP.NET antiforgery, Laravel, SvelteKit), outside tests.',
  rationale: 'Without CSRF protection, any page a signed-in user visits can submit forms and state-changing requests to the application with the user\'s cookies: transfers, password changes, deletions. Agents switch it off to get past a 403 "CSRF token missing" in a test or a form; that 403 was the protection working.',
  alternative: 'Send the token from the client (a hidden form field, the X-CSRF-Token header the framework expects), or, for an API that authenticates with a bearer token and no cookies, scope the exemption to that API and say why.',
  examples: {
    fire: [
      { path: 'src/main/java/com/acme/SecurityConfig.java', before: '    http\n      .authorizeHttpRequests(a -> a.anyRequest().authenticated())\n      .formLogin(withDefaults());\n', after: '    http\n      .csrf(csrf -> csrf.disable())\n      .authorizeHttpRequests(a -> a.anyRequest().authenticated())\n      .formLogin(withDefaults());\n' },
      { path: 'shop/settings.py', before: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.middleware.csrf.CsrfViewMiddleware',\n    'django.contrib.auth.middleware.AuthenticationMiddleware',\n]\n", after: "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n    'django.contrib.auth.middleware.AuthenticationMiddleware',\n]\n" },
      { path: 'shop/views.py', before: '@login_required\ndef transfer(request):\n    return do_transfer(request)\n', after: '@csrf_exempt\n@login_required\ndef transfer(request):\n    return do_transfer(request)\n' },
      { path: 'src/app.js', before: "app.use(cookieParser());\napp.use(csrf({ cookie: true }));\napp.post('/transfer', transfer);\n", after: "app.use(cookieParser());\napp.post('/transfer', transfer);\n" },
    ],
    pass: [
      // The test settings of a Rails app.
      { path: 'config/environments/test.rb', before: 'Rails.application.configure do\nend\n', after: 'Rails.application.configure do\n  config.action_controller.allow_forgery_protection = false\nend\n' },
      // The middleware moved to the app that mounts the router, in the same step.
      { path: 'src/routes/payments.js', before: "router.use(csrf({ cookie: true }));\nrouter.post('/transfer', transfer);\n", after: "router.post('/transfer', transfer);\n", step: [{ path: 'src/app.js', before: "app.use('/payments', payments);\n", after: "app.use(csrf({ cookie: true }));\napp.use('/payments', payments);\n" }] },
      // Protection switched back on.
      { path: 'config/settings.py', before: 'WTF_CSRF_ENABLED = False\n', after: 'WTF_CSRF_ENABLED = True\n' },
    ],
  },
  check(view) {
    if (view.status === 'deleted' || isTestOrFixturePath(view.lowerPath)) return [];
    const out: EditMatch[] = [];
    const seen = new Set<number>();
    const added = addedLines(view);
    for (const p of OFF) {
      for (const l of newlyMatching(view, added, p.re)) {
        if (seen.has(l.line)) continue;
        seen.add(l.line);
        out.push({ severity: p.severity, message: `${p.what}; other sites can make signed-in users' browsers send requests here`, afterSpan: { start: l.start, end: l.end } });
      }
    }
    if (view.status !== 'modified') return out;
    const removed = removedLines(view);
    for (const p of ON) {
      const gone = goneMatching(view, removed, p.re)[0];
      if (gone) out.push({ severity: p.severity, message: `${p.what}; other sites can make signed-in users' browsers send requests here`, beforeSpan: { start: gone.start, end: gone.end } });
    }
    return out;
  },
});
