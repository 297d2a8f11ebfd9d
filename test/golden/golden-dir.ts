import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The golden data (../shared/golden): worked scenarios and RFC vectors every implementation must match.
 * Read from ../shared when the checkout sits beside it (as on every engineer's machine and in CI); else
 * from the copy committed here, which a test keeps identical to ../shared whenever both are present.
 */
export const SHARED_GOLDEN = join(__dirname, '..', '..', '..', 'shared', 'golden');
export const VENDORED_GOLDEN = __dirname;

export function goldenFile(name: string): string {
  const dir =
    process.env.LEDGER_GOLDEN_DIR ??
    (existsSync(join(SHARED_GOLDEN, name)) ? SHARED_GOLDEN : VENDORED_GOLDEN);
  return join(dir, name);
}
