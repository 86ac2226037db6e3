/**
 * Reading where HEAD points from the text of `.git/HEAD` and `packed-refs`, so the extension can
 * tell a checkout or branch switch (HEAD moved) from an agent rewriting files.
 */

/** `ref: refs/heads/main` gives the ref; a detached HEAD gives the commit. */
export function parseHead(text: string | undefined): { ref?: string; commit?: string } {
  const t = (text ?? '').trim();
  const m = /^ref:\s*(\S+)$/.exec(t);
  if (m) return { ref: m[1] };
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(t)) return { commit: t.toLowerCase() };
  return {};
}

/** The commit a ref points at in a `packed-refs` file. */
export function packedRef(packed: string | undefined, ref: string): string | undefined {
  if (!packed) return undefined;
  for (const line of packed.split('\n', 100_000)) {
    const m = /^([0-9a-f]{40,64})\s+(\S+)\s*$/i.exec(line);
    if (m && m[2] === ref) return m[1].toLowerCase();
  }
  return undefined;
}

/** One string that changes whenever HEAD moves: the branch and the commit it is on. */
export function headIdentity(head: { ref?: string; commit?: string }, refCommit?: string): string {
  return `${head.ref ?? '(detached)'}@${head.commit ?? refCommit ?? '?'}`;
}
