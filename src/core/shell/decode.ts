/**
 * Decoding payloads written into a command line (`echo <base64> | base64 -d | sh`,
 * `powershell -EncodedCommand <base64>`), so the engine reads the script they hide. Pure;
 * anything that is not clean base64 of text gives undefined.
 */

/** Encoded payloads longer than this are not decoded. */
const MAX_ENCODED = 64 * 1024;

/** The bytes of a base64 text (whitespace ignored), or undefined when it is not base64. */
function base64Bytes(encoded: string): Uint8Array | undefined {
  const compact = encoded.replace(/\s+/g, '');
  if (!compact || compact.length > MAX_ENCODED || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Text a shell would run: no control characters but tab, newline and carriage return. */
function scriptText(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return undefined;
  }
  return text;
}

/** base64 of UTF-8 text (what `base64 -d` turns back into a script). */
export function base64Utf8(encoded: string): string | undefined {
  const bytes = base64Bytes(encoded);
  if (!bytes) return undefined;
  try {
    return scriptText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** base64 of UTF-16LE text (PowerShell's -EncodedCommand). */
export function base64Utf16le(encoded: string): string | undefined {
  const bytes = base64Bytes(encoded);
  if (!bytes || bytes.length % 2 !== 0) return undefined;
  try {
    return scriptText(new TextDecoder('utf-16le', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
