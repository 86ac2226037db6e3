/**
 * The INI dialect of ~/.aws/config and gcloud's configuration files, read the way the AWS SDKs
 * read it (@smithy/shared-ini-file-loader's parseIni): `[section]` headers, `key = value` pairs,
 * `#` and `;` comments at the start of a line or after whitespace, and indented lines under a
 * key with an empty value as that key's sub-properties (`s3 =\n  max_concurrent_requests = 10`),
 * which nothing here needs and so are skipped. Section names are kept whole (`profile prod.eu`
 * stays one name; general INI parsers split it at the dot). Never throws; bounded by the text.
 */

export interface IniFile {
  /** Section name (as written between the brackets, trimmed) → key (lower-case) → value. */
  sections: Map<string, Map<string, string>>;
  /** Lines that were neither a section, a pair, a comment nor a sub-property. */
  problems: number;
}

/** Sections past this are ignored: no real configuration has that many. */
const MAX_SECTIONS = 5000;

export function parseIni(text: string): IniFile {
  const sections = new Map<string, Map<string, string>>();
  let problems = 0;
  let current: Map<string, string> | undefined;
  let inSubProperties = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const indented = /^[ \t]/.test(raw);
    const line = raw.split(/(?:^|\s)[;#]/)[0].trim();
    if (!line) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      inSubProperties = false;
      const name = line.slice(1, -1).trim();
      if (sections.size >= MAX_SECTIONS && !sections.has(name)) {
        current = undefined;
        continue;
      }
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems++;
      continue;
    }
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (indented && inSubProperties) continue;
    inSubProperties = value === '';
    if (!current) {
      problems++;
      continue;
    }
    current.set(key, value);
  }
  return { sections, problems };
}
