import { StoreBusyError, StoreUnavailableError } from '../errors';

const LOCK_NOT_AVAILABLE = '55P03';

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

/**
 * A lock not granted within the lock timeout becomes StoreBusyError (contention, not an outage), other
 * connection failures StoreUnavailableError; everything else is passed on unchanged.
 */
export function translatePgError(error: unknown, what: string): unknown {
  if ((error as { code?: string } | null)?.code === LOCK_NOT_AVAILABLE) {
    const message = `the ledger is being written by other writers: its lock was not granted in time (${what})`;
    return new StoreBusyError(message, error);
  }
  return isUnavailable(error)
    ? new StoreUnavailableError(`the database is unavailable (${what})`, error)
    : error;
}
