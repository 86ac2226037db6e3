/**
 * `npx tsx bench/engine-only.ts`: only the first part of `npm run bench`, the in-process command
 * engine (as shipped, then from the sources), for when the rest of the bench is not wanted.
 */
import { engineBench } from './run';

engineBench().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
