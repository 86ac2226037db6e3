import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyOverride,
  commandAllowed,
  decide,
  DEFAULT_POLICY,
  isExpired,
  mergeTighten,
  normalizePolicy,
  pathAllowed,
  pathGlobMatch,
  type Policy,
  SCORE_BANDS,
  scoreOf,
  shiftSeverity,
  stricterOf,
  strictnessRank,
  wildcardMatch,
} from '../../src/core/policy';
import { type Decision, SEVERITIES, type Severity, type SeverityOrNone, STRICTNESS_LEVELS, type Strictness, type TargetClass } from '../../src/core/types';

const policy = (p: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, rules: {}, allow: [], ...p });

describe('policy: the strictness table', () => {
  // Written out by hand from the spec, not derived from the code under test.
  const table: Record<Strictness, Record<SeverityOrNone, Decision>> = {
    off: { none: 'allow', low: 'allow', medium: 'allow', high: 'allow', critical: 'allow' },
    relaxed: { none: 'allow', low: 'allow', medium: 'warn', high: 'warn', critical: 'gate' },
    balanced: { none: 'allow', low: 'allow', medium: 'warn', high: 'gate', critical: 'gate' },
    strict: { none: 'allow', low: 'warn', medium: 'gate', high: 'gate', critical: 'gate' },
    paranoid: { none: 'allow', low: 'gate', medium: 'gate', high: 'gate', critical: 'gate' },
  };
  for (const strictness of STRICTNESS_LEVELS) {
    for (const severity of ['none', ...SEVERITIES] as SeverityOrNone[]) {
      it(`${strictness} + ${severity} → ${table[strictness][severity]}`, () => {
        assert.equal(decide(severity, strictness), table[strictness][severity]);
      });
    }
  }

  it('balanced is the default', () => {
    assert.equal(DEFAULT_POLICY.strictness, 'balanced');
    assert.equal(normalizePolicy(undefined).policy.strictness, 'balanced');
  });

  it('a stricter level never decides more leniently', () => {
    const rank = { allow: 0, warn: 1, gate: 2 };
    for (let i = 1; i < STRICTNESS_LEVELS.length; i++) {
      for (const s of SEVERITIES) assert.ok(rank[decide(s, STRICTNESS_LEVELS[i])] >= rank[decide(s, STRICTNESS_LEVELS[i - 1])]);
    }
  });

  it('stricterOf picks the later level in off < relaxed < balanced < strict < paranoid', () => {
    assert.equal(stricterOf('relaxed', 'strict'), 'strict');
    assert.equal(stricterOf('paranoid', 'off'), 'paranoid');
    assert.equal(stricterOf('balanced', 'balanced'), 'balanced');
    assert.deepEqual([...STRICTNESS_LEVELS].sort((a, b) => strictnessRank(a) - strictnessRank(b)), ['off', 'relaxed', 'balanced', 'strict', 'paranoid']);
  });
});

describe('policy: scoreOf', () => {
  const targets: TargetClass[] = ['system-root', 'home', 'outside-workspace', 'vcs-metadata', 'workspace-root', 'workspace-source', 'workspace-unknown', 'glob', 'dynamic', 'artifact', 'temp'];

  it('the bare severity scores its band base', () => {
    assert.equal(scoreOf('low'), 20);
    assert.equal(scoreOf('medium'), 45);
    assert.equal(scoreOf('high'), 72);
    assert.equal(scoreOf('critical'), 92);
  });

  it('bands do not overlap and rise with severity', () => {
    for (let i = 1; i < SEVERITIES.length; i++) assert.ok(SCORE_BANDS[SEVERITIES[i]].min > SCORE_BANDS[SEVERITIES[i - 1]].max);
  });

  it('context moves a score inside its band and never out of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEVERITIES),
        fc.option(fc.constantFrom(...targets), { nil: undefined }),
        fc.option(fc.constantFrom('default' as const, 'unnamed' as const, 'feature' as const), { nil: undefined }),
        fc.array(fc.constantFrom('local' as const, 'remote' as const, 'production' as const, 'elevated' as const)),
        (severity, targetClass, branch, scope) => {
          const s = scoreOf(severity, { targetClass, branch, scope });
          return s >= SCORE_BANDS[severity].min && s <= SCORE_BANDS[severity].max;
        },
      ),
    );
  });

  it('home and the default branch score higher; temp and feature branches lower', () => {
    assert.ok(scoreOf('critical', { targetClass: 'home' }) > scoreOf('critical'));
    assert.ok(scoreOf('high', { branch: 'default' }) > scoreOf('high', { branch: 'feature' }));
    assert.ok(scoreOf('medium', { targetClass: 'temp' }) < scoreOf('medium'));
    assert.equal(scoreOf('critical', { targetClass: 'system-root', branch: 'default', scope: ['production', 'elevated'] }), 100);
    assert.equal(scoreOf('low', { targetClass: 'temp', branch: 'feature' }), 10);
  });

  it('a repeated scope counts once', () => {
    assert.equal(scoreOf('high', { scope: ['remote', 'remote', 'remote'] }), scoreOf('high', { scope: ['remote'] }));
  });
});

describe('policy: rule overrides', () => {
  it('upgrade and downgrade move one step and stop at the ends', () => {
    assert.equal(applyOverride('FS001', 'high', { FS001: 'upgrade' }), 'critical');
    assert.equal(applyOverride('FS001', 'critical', { FS001: 'upgrade' }), 'critical');
    assert.equal(applyOverride('FS001', 'medium', { FS001: 'downgrade' }), 'low');
    assert.equal(applyOverride('FS001', 'low', { FS001: 'downgrade' }), 'low');
    assert.equal(shiftSeverity('low', 5), 'critical');
    assert.equal(shiftSeverity('critical', -5), 'low');
  });

  it('a severity name sets it, off silences the rule', () => {
    assert.equal(applyOverride('GIT002', 'high', { GIT002: 'low' }), 'low');
    assert.equal(applyOverride('GIT002', 'high', { GIT002: 'off' }), undefined);
  });

  it('keys are wildcards and apply in order, later keys winning', () => {
    assert.equal(applyOverride('GIT002', 'high', { 'GIT*': 'off' }), undefined);
    assert.equal(applyOverride('GIT002', 'high', { 'GIT*': 'off', GIT002: 'medium' }), 'medium');
    assert.equal(applyOverride('GIT002', 'high', { 'GIT00?': 'upgrade', 'GIT*': 'downgrade' }), 'high');
    assert.equal(applyOverride('FS001', 'high', { 'GIT*': 'off' }), 'high');
  });
});

describe('policy: wildcard and path globs', () => {
  const cases: [string, string, boolean][] = [
    ['*', '', true],
    ['*', 'anything at all', true],
    ['git push*', 'git push --force origin main', true],
    ['git push*', 'git pull', false],
    ['rm -rf ./dist', 'rm -rf ./dist', true],
    ['rm -rf ./dist', 'rm -rf ./dist2', false],
    ['FS00?', 'FS001', true],
    ['FS00?', 'FS0012', false],
    ['*a*b*c', 'xxaxxbxxc', true],
    ['*a*b*c', 'xxaxxbxx', false],
  ];
  for (const [p, t, want] of cases) it(`wildcard ${JSON.stringify(p)} ~ ${JSON.stringify(t)} → ${want}`, () => assert.equal(wildcardMatch(p, t), want));

  it('wildcard matching is linear on hostile patterns', () => {
    const start = process.hrtime.bigint();
    assert.equal(wildcardMatch(`${'*a'.repeat(200)}b`, 'a'.repeat(5000)), false);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 2000);
  });

  const paths: [string, string, boolean][] = [
    ['**', 'a/b/c.ts', true],
    ['src/**', 'src/a/b.ts', true],
    ['src/*', 'src/a/b.ts', false],
    ['src/*.ts', 'src/a.ts', true],
    ['**/*.tf', 'infra/prod/main.tf', true],
    ['**/*.tf', 'main.tf', true],
    ['infra/**/main.tf', 'infra/main.tf', true],
    ['infra\\**\\*.tf', 'infra/x/y.tf', true],
    ['docs/*.md', 'docs\\a.md', true],
    ['a/?.md', 'a/bb.md', false],
  ];
  for (const [g, p, want] of paths) it(`path glob ${JSON.stringify(g)} ~ ${JSON.stringify(p)} → ${want}`, () => assert.equal(pathGlobMatch(g, p), want));
});

describe('policy: allow entries', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('exact commands match after trimming, patterns with *', () => {
    const p = policy({ allow: [{ command: 'rm -rf ./build' }, { command: 'terraform destroy -target=*' }] });
    assert.ok(commandAllowed(p, '  rm -rf ./build ', 'FS001', undefined, now));
    assert.ok(!commandAllowed(p, 'rm -rf ./build/../src', 'FS001', undefined, now));
    assert.ok(commandAllowed(p, 'terraform destroy -target=module.x', 'IAC001', undefined, now));
  });

  it('an entry naming a rule or a workspace covers only that', () => {
    const p = policy({ allow: [{ command: 'git push --force', rule: 'GIT00*', workspace: '/w' }] });
    assert.ok(commandAllowed(p, 'git push --force', 'GIT002', '/w', now));
    assert.ok(!commandAllowed(p, 'git push --force', 'FS001', '/w', now));
    assert.ok(!commandAllowed(p, 'git push --force', 'GIT002', '/other', now));
  });

  it('expired entries stop counting; a date covers its whole day; a bad date counts as expired', () => {
    assert.ok(!isExpired({ command: 'x', expires: '2025-06-01' }, now));
    assert.ok(isExpired({ command: 'x', expires: '2025-05-31' }, now));
    assert.ok(isExpired({ command: 'x', expires: 'soon' }, now));
    assert.ok(!isExpired({ command: 'x' }, now));
    assert.ok(!commandAllowed(policy({ allow: [{ command: 'x', expires: '2020-01-01' }] }), 'x', 'FS001', undefined, now));
  });

  it('path entries use path globs', () => {
    const p = policy({ allow: [{ path: 'generated/**' }] });
    assert.ok(pathAllowed(p, 'generated/a/b.ts', 'SRC001', undefined, now));
    assert.ok(!pathAllowed(p, 'src/a.ts', 'SRC001', undefined, now));
    assert.ok(!commandAllowed(p, 'generated/a', 'SRC001', undefined, now));
  });
});

describe('policy: normalizePolicy', () => {
  it('keeps good values', () => {
    const { policy: p, problems } = normalizePolicy({ strictness: 'strict', rules: { FS001: 'upgrade', 'GIT*': 'off' }, allow: [{ command: 'make clean', rule: 'FS*' }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(p, { strictness: 'strict', rules: { FS001: 'upgrade', 'GIT*': 'off' }, allow: [{ command: 'make clean', rule: 'FS*' }] });
  });

  it('falls back field by field and reports each bad value', () => {
    const { policy: p, problems } = normalizePolicy({ strictness: 'yolo', rules: { FS001: 'never', FS002: 'low' }, allow: [{}, { command: '  ' }, 42, { path: 'dist/**' }] });
    assert.equal(p.strictness, 'balanced');
    assert.deepEqual(p.rules, { FS002: 'low' });
    assert.deepEqual(p.allow, [{ path: 'dist/**' }]);
    assert.deepEqual(problems.map((x) => x.path), ['strictness', 'rules.FS001', 'allow[0]', 'allow[1]', 'allow[2]']);
  });

  it('never throws and always returns a usable policy, whatever the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const { policy: p } = normalizePolicy(raw);
        return STRICTNESS_LEVELS.includes(p.strictness) && Array.isArray(p.allow) && typeof p.rules === 'object';
      }),
    );
    for (const garbage of [null, 7, 'strict', [], [1, 2], true, { rules: [], allow: {} }]) {
      assert.equal(normalizePolicy(garbage).policy.strictness, 'balanced');
    }
  });
});

describe('policy: mergeTighten', () => {
  const arbPolicy = fc.record({
    strictness: fc.constantFrom(...STRICTNESS_LEVELS),
    rules: fc.dictionary(fc.constantFrom('FS001', 'GIT*', 'IAC00?', 'DB001'), fc.constantFrom('upgrade' as const, 'downgrade' as const, 'off' as const, ...SEVERITIES)),
    allow: fc.array(fc.record({ command: fc.string() })),
  });

  it('a repository can raise strictness and severities', () => {
    const { policy: p, ignored } = mergeTighten(policy({ strictness: 'relaxed' }), policy({ strictness: 'strict', rules: { FS001: 'upgrade', GIT002: 'critical' } }));
    assert.equal(p.strictness, 'strict');
    assert.deepEqual(p.floors, { FS001: 'upgrade', GIT002: 'critical' });
    assert.equal(applyOverride('GIT002', 'low', p.rules, p.floors), 'critical');
    assert.deepEqual(ignored, []);
  });

  it('a repository cannot lower strictness, switch rules off, downgrade or allow', () => {
    const user = policy({ strictness: 'strict', rules: { FS001: 'upgrade' }, allow: [{ command: 'make clean' }] });
    const repo = policy({ strictness: 'off', rules: { FS001: 'off', 'GIT*': 'downgrade' }, allow: [{ command: 'rm -rf /' }] });
    const { policy: p, ignored } = mergeTighten(user, repo);
    assert.equal(p.strictness, 'strict');
    assert.deepEqual(p.rules, { FS001: 'upgrade' });
    assert.deepEqual(p.allow, [{ command: 'make clean' }]);
    assert.equal(ignored.length, 4);
  });

  it('a repository severity name cannot lower a rule ({"GIT*": "high"} on a critical rule)', () => {
    const merged = mergeTighten(policy({}), policy({ rules: { 'GIT*': 'high' } })).policy;
    assert.equal(applyOverride('GIT002', 'critical', merged.rules, merged.floors), 'critical');
    assert.equal(applyOverride('GIT001', 'low', merged.rules, merged.floors), 'high');
  });

  it('a repository upgrade cannot replace a stricter user setting for the same key', () => {
    const merged = mergeTighten(policy({ rules: { FS001: 'critical' } }), policy({ rules: { FS001: 'upgrade' } })).policy;
    assert.equal(applyOverride('FS001', 'low', merged.rules, merged.floors), 'critical');
  });

  it('for any pair of policies, the merge is at least as strict as the user policy, rule by rule', () => {
    const rank = { allow: 0, warn: 1, gate: 2 };
    const sevRank = (s: Severity | undefined): number => (s === undefined ? 0 : SEVERITIES.indexOf(s) + 1);
    fc.assert(
      fc.property(arbPolicy, arbPolicy, fc.constantFrom('FS001', 'GIT002', 'IAC003', 'DB001'), fc.constantFrom(...SEVERITIES), (user, repo, ruleId, sev: Severity) => {
        const merged = mergeTighten(user, repo).policy;
        assert.ok(strictnessRank(merged.strictness) >= strictnessRank(user.strictness), 'strictness went down');
        assert.deepEqual(merged.allow, user.allow);
        const before = applyOverride(ruleId, sev, user.rules);
        const after = applyOverride(ruleId, sev, merged.rules, merged.floors);
        assert.ok(sevRank(after) >= sevRank(before), `${ruleId} (${sev}) went from ${before} to ${after}`);
        if (before !== undefined && after !== undefined) assert.ok(rank[decide(after, merged.strictness)] >= rank[decide(before, user.strictness)]);
      }),
    );
  });
});
