/**
 * What several publishing rules share.
 */
import type { OptionSpec } from '../../shell/cli-args';

export const NPM_SPEC: OptionSpec = {
  shortWithValue: 'wC',
  withValue: ['tag', 'access', 'registry', 'otp', 'workspace', 'prefix', 'userconfig', 'globalconfig', 'cache', 'loglevel', 'auth-type', 'provenance-file', 'filter', 'dir', 'publish-branch', 'new-version', 'message', 'cwd', 'scope'],
};
