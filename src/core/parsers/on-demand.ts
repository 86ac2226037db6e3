/**
 * The parsers following needs only when it reads a file of their kind: the YAML and JSON-with-
 * comments packages and the source reader (source/scan.ts). Each is required on first use, so a
 * process that judges `terraform destroy` (the agent's hook without the warm server) does not
 * evaluate them, while one that follows `npm run clean` does once.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Jsonc from 'jsonc-parser';
import type * as Yaml from 'yaml';
import type * as SourceScan from '../source/scan';

let yamlModule: typeof Yaml | undefined;
let jsoncModule: typeof Jsonc | undefined;
let sourceScanModule: typeof SourceScan | undefined;

export function yaml(): typeof Yaml {
  return (yamlModule ??= require('yaml') as typeof Yaml);
}

export function jsonc(): typeof Jsonc {
  return (jsoncModule ??= require('jsonc-parser') as typeof Jsonc);
}

export function sourceScan(): typeof SourceScan {
  return (sourceScanModule ??= require('../source/scan') as typeof SourceScan);
}
