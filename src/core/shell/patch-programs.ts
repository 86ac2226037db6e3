/**
 * Programs whose invocation may carry a patch (see patches.ts); the pre-filter hands every line
 * naming one to the engine. A leaf module, so that the pre-filter needs nothing of the parser.
 */
export const PATCH_PROGRAMS: ReadonlySet<string> = new Set(['apply_patch', 'applypatch', 'patch']);
