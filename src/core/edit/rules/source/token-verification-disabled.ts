import { kindName } from '../../../plain-text';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { addedLines, defineRule, type LineRef, removedLines } from '../helpers';
import { CODE_FILES, isTestOrFixturePath, newlyMatching, sideMatching } from './helpers';

interface Switch {
  re: RegExp;
  what: string;
  severity: Severity;
}

/**
 * Settings and calls that accept a token without checking its signature (anyone can mint one) or
 * its audience (a token issued for another service is accepted), library by library.
 */
const SWITCHES: readonly Switch[] = [
  // PyJWT, python-jose, authlib: options={"verify_signature": False}; PyJWT 1.x: decode(..., verify=False).
  { re: /["']verify_signature["']\s*:\s*False\b/, what: 'signature verification off (verify_signature: False)', severity: 'high' },
  { re: /\bdecode\s*\(.*\bverify\s*=\s*False\b/, what: 'signature verification off (decode with verify=False)', severity: 'high' },
  // python-jose: read before verifying (to pick a key) it is fine; used alone it trusts the caller.
  { re: /\bget_unverified_claims\s*\(/, what: 'claims read without verifying the signature (get_unverified_claims)', severity: 'medium' },
  // Any library: the "none" algorithm accepts unsigned tokens.
  { re: /\balgorithms?\s*[:=]\s*\[?\s*["'`]none["'`]/i, what: 'the "none" algorithm accepted (unsigned tokens)', severity: 'high' },
  // golang-jwt: ParseUnverified; jjwt: unsecured(), parseUnsecuredClaims; ruby-jwt: JWT.decode(token, key, false).
  { re: /\bParseUnverified\s*\(/, what: 'token parsed without verifying the signature (ParseUnverified)', severity: 'high' },
  { re: /\.unsecured\s*\(\s*\)|\bparseUnsecuredClaims\s*\(/, what: 'unsigned tokens accepted (jjwt unsecured)', severity: 'high' },
  { re: /\bJWT\.decode\s*\(\s*[^,()]+,\s*[^,()]+,\s*false\b/, what: 'signature verification off (JWT.decode(..., false))', severity: 'high' },
  // .NET TokenValidationParameters.
  { re: /\b(RequireSignedTokens|ValidateIssuerSigningKey)\s*=\s*false\b/, what: 'signature validation off ($1 = false)', severity: 'high' },
  { re: /\bSignatureValidator\s*=\s*(\([^)]*\)|\w+)\s*=>/, what: 'the signature check replaced by a SignatureValidator delegate', severity: 'high' },
  // Audience: a token issued to another service is accepted.
  { re: /["']?verify_aud["']?\s*[:=]\s*(False|false)\b/, what: 'audience verification off (verify_aud false)', severity: 'medium' },
  { re: /\bValidateAudience\s*=\s*false\b/, what: 'audience validation off (ValidateAudience = false)', severity: 'medium' },
];

/**
 * A verifying call replaced by a decoding one, per language: in JavaScript and Java, `decode`
 * reads a token without checking it (jsonwebtoken's jwt.decode, jose's decodeJwt, jwt-decode,
 * auth0 java-jwt's JWT.decode); in Go, Parse/ParseWithClaims verify.
 */
const SWAPS: readonly { ext: RegExp; verify: RegExp; decode: RegExp }[] = [
  { ext: /\.(m?[jt]sx?|cjs|vue|svelte)$/, verify: /\bjwt\.verify\s*\(|\bjwtVerify\s*\(|\bjws\.verify\s*\(|\bverifyJwt\s*\(/, decode: /\bjwt\.decode\s*\(|\bdecodeJwt\s*\(|\bjwtDecode\s*\(|\bjwt_decode\s*\(|\bjws\.decode\s*\(/ },
  { ext: /\.(java|kt|scala)$/, verify: /\.verify\s*\(|\bparseClaimsJws\s*\(|\bparseSignedClaims\s*\(/, decode: /\bJWT\.decode\s*\(|\bparseClaimsJwt\s*\(/ },
];

/** Audience options that a verifying call loses (jsonwebtoken and jose check `aud` only when asked). */
const AUDIENCE_OPTION = /\baudience\s*:|\bWithAudience\s*\(|\bexpectedAudience\b/;

export const tokenVerificationDisabled = defineRule({
  id: 'SRC004',
  name: 'token-verification-disabled',
  category: 'source',
  severity: 'high',
  files: CODE_FILES,
  summary: 'Token signature or audience verification is switched off (PyJWT and python-jose options, the "none" algorithm, jwt.verify replaced by jwt.decode, golang-jwt ParseUnverified, jjwt unsecured, ruby-jwt, .NET validation flags), outside tests.',
  rationale: 'A token whose signature is not checked is a token anyone can write: the user id, roles and expiry in it become whatever the caller says. Without the audience check a token issued for another service is accepted here. Agents switch verification off to get past an "invalid signature" or "invalid audience" error; that error was the protection working.',
  alternative: 'Fix the key, algorithm or audience configuration instead (the right public key or JWKS URL, the algorithm the issuer uses, the audience it issues for); to read claims without trusting them, decode in a place that makes no authorisation decision.',
  examples: {
    fire: [
      { path: 'app/auth.py', before: 'def current_claims(token):\n    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="api")\n', after: 'def current_claims(token):\n    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], options={"verify_signature": False})\n' },
      { path: 'src/middleware/auth.ts', before: "export function auth(req, res, next) {\n  req.user = jwt.verify(token(req), process.env.JWT_SECRET, { audience: 'api' });\n  next();\n}\n", after: "export function auth(req, res, next) {\n  req.user = jwt.decode(token(req));\n  next();\n}\n" },
      { path: 'internal/auth/token.go', before: 'tok, err := jwt.ParseWithClaims(raw, &Claims{}, keyFunc)\n', after: 'tok, _, err := jwt.NewParser().ParseUnverified(raw, &Claims{})\n' },
      { path: 'src/Api/Startup.cs', before: 'options.TokenValidationParameters = new TokenValidationParameters {\n    ValidateAudience = true,\n};\n', after: 'options.TokenValidationParameters = new TokenValidationParameters {\n    ValidateAudience = false,\n};\n' },
    ],
    pass: [
      // Decoding on the client to read the expiry, while the server still verifies.
      { path: 'web/src/session.ts', before: "export const expiresAt = (t: string) => 0;\n", after: "export const expiresAt = (t: string) => jwtDecode(t).exp;\n" },
      // Switched off in a test.
      { path: 'tests/test_auth.py', before: 'claims = jwt.decode(token, KEY, algorithms=["HS256"])\n', after: 'claims = jwt.decode(token, options={"verify_signature": False})\n' },
      // Moved within the file: the same line was there before.
      { path: 'app/debug.py', before: 'def peek(t):\n    return jwt.decode(t, options={"verify_signature": False})\n\nX = 1\n', after: 'X = 1\n\ndef peek(t):\n    return jwt.decode(t, options={"verify_signature": False})\n' },
      // Verification switched on.
      { path: 'app/auth.py', before: 'claims = jwt.decode(token, options={"verify_signature": False})\n', after: 'claims = jwt.decode(token, KEY, algorithms=["RS256"], audience="api")\n' },
    ],
  },
  check(view) {
    if (view.status === 'deleted' || isTestOrFixturePath(view.lowerPath)) return [];
    const added = addedLines(view);
    if (!added.length) return [];
    const out: EditMatch[] = [];
    const seen = new Set<number>();
    const report = (l: LineRef, what: string, severity: Severity): void => {
      if (seen.has(l.line)) return;
      seen.add(l.line);
      out.push({ severity, message: `${kindName('token', what)}; a forged or foreign token is accepted`, afterSpan: { start: l.start, end: l.end } });
    };
    for (const s of SWITCHES) {
      for (const l of newlyMatching(view, added, s.re)) report(l, s.what.replace('$1', s.re.exec(l.text)?.[1] ?? ''), s.severity);
    }
    if (view.status !== 'modified') return out;
    for (const s of SWAPS) {
      if (!s.ext.test(view.lowerPath)) continue;
      const decoded = newlyMatching(view, added, s.decode);
      if (!decoded.length || sideMatching(view, 'after', s.verify).length >= sideMatching(view, 'before', s.verify).length) continue;
      for (const l of decoded) report(l, `verification replaced by decoding (${l.text.trim().slice(0, 60)})`, 'high');
    }
    // An audience option dropped from a verifying call that stays.
    const removed = removedLines(view);
    if (removed.some((l) => AUDIENCE_OPTION.test(l.text)) && sideMatching(view, 'after', AUDIENCE_OPTION).length < sideMatching(view, 'before', AUDIENCE_OPTION).length) {
      for (const s of SWAPS) {
        if (!s.ext.test(view.lowerPath)) continue;
        const gone = removed.find((l) => AUDIENCE_OPTION.test(l.text) && s.verify.test(l.text));
        const still = gone && added.find((l) => s.verify.test(l.text) && !AUDIENCE_OPTION.test(l.text));
        if (still) report(still, 'audience check dropped from the verifying call', 'medium');
      }
    }
    return out;
  },
});
