import { StoreUnavailableError } from '../errors';

// Connection-level failures: the database is down, restarting, or the connection broke mid-flight.
// 55P03 lock_not_available and 57014 query_canceled: a lock or statement timeout, retry later.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '55P03',
  '57014',
  '25P03',
]);

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: string; message?: string };
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    message ?? '',
  );
}

/** Connection failures become StoreUnavailableError; everything else is passed on unchanged. */
export function translatePgError(error: unknown, what: string): unknown {
  return isUnavailable(error)
    ? new StoreUnavailableError(`the database is unavailable (${what})`, error)
    : error;
}
