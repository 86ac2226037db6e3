/**
 * Reading an open file to its end, but never past a limit: a file can grow between its stat and
 * the read. Shared by the readers that hand the engines files (patch-files.ts, follow-files.ts).
 */
import { readSync } from 'node:fs';

/** The bytes of `fd` (stat said `size`), or 'too-large' once more than `limit` bytes are there. */
export function readBounded(fd: number, size: number, limit: number): Buffer | 'too-large' {
  const buf = Buffer.alloc(Math.min(size, limit) + 1);
  let n = 0;
  for (;;) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
    if (n > limit) return 'too-large';
    if (n === buf.length) break;
  }
  return buf.subarray(0, n);
}
