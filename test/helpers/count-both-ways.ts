/**
 * The impact count of one target taken twice, once with each entry looked at through Node's fs
 * binding and once through fs.lstatSync (src/node/entry-lstat.ts), for tests that the two agree.
 * A child process run as another user requires this file too, so it holds no test code.
 */
import type { ImpactCount } from '../../src/core/types';
import { entryLstatWay, type EntryLstatOptions, resetEntryLstat } from '../../src/node/entry-lstat';
import { countImpact, forgetFolderListings } from '../../src/node/impact-reader';

export interface BothWays {
  /** The way the first count took ('binding' unless the binding given was refused). */
  way: ReturnType<typeof entryLstatWay>;
  viaBinding: ImpactCount | undefined;
  viaPublic: ImpactCount | undefined;
}

/** No time bound (a loaded machine must not stop one count and not the other); every folder listed afresh each time. */
const count = (target: string): ImpactCount | undefined => {
  forgetFolderListings();
  return countImpact(target, { bounds: { maxMs: 600_000 } });
};

/** `decided` runs once the first way is decided (a test's binding may then start to misbehave). */
export function countBothWays(target: string, binding: EntryLstatOptions = {}, decided?: () => void): BothWays {
  try {
    resetEntryLstat({ evenWhereFast: true, ...binding });
    const way = entryLstatWay();
    decided?.();
    const viaBinding = count(target);
    resetEntryLstat({ binding: null });
    return { way, viaBinding, viaPublic: count(target) };
  } finally {
    resetEntryLstat();
    forgetFolderListings();
  }
}
