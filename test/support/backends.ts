import type { Backend } from '../../libs/event-store/src/testing/databases';

/**
 * `describe.each(backends)(title, body)` that stays a valid suite when `backends` is empty (a suite that
 * needs PostgreSQL on a run without TEST_DATABASE_URL): its tests are then registered as skipped under a
 * title saying why, and the run's summary line (backends-reporter.cjs) names the suite. `title` names
 * the backend with `%s`, as in every suite here, so the reporter can tell which database a test ran on.
 */
export function describeOn(
  backends: readonly Backend[],
  title: string,
  body: (backend: Backend) => void,
): void {
  if (backends.length > 0) {
    describe.each(backends)(title, body);
    return;
  }
  describe.skip(`${title.replace('%s', 'postgres')} (${NEEDS_POSTGRES})`, () => body('postgres'));
}

/** The reporter looks for these words in skipped suites' titles. */
export const NEEDS_POSTGRES = 'needs PostgreSQL: set TEST_DATABASE_URL';
