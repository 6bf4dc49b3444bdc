import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** sagebridge's version from package.json, read on first use (never at import time). */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
