import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_GOLDEN, VENDORED_GOLDEN } from './golden-dir';

describe('the committed copy of the golden data', () => {
  const shared = existsSync(SHARED_GOLDEN)
    ? readdirSync(SHARED_GOLDEN).filter((f) => f.endsWith('.json'))
    : [];

  it('holds every golden file', () => {
    for (const name of ['scenario-a.json', 'merkle-vectors.json'])
      expect(existsSync(join(VENDORED_GOLDEN, name))).toBe(true);
  });

  // Where ../shared is present, the copy must equal it byte for byte, so tests never run on stale data.
  if (shared.length > 0) {
    it.each(shared)('equals ../shared/golden/%s', (name) => {
      expect(readFileSync(join(VENDORED_GOLDEN, name), 'utf8')).toBe(
        readFileSync(join(SHARED_GOLDEN, name), 'utf8'),
      );
    });
  }
});
