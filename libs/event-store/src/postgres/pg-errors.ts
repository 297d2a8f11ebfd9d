import { StoreUnavailableError } from '../errors';

// Connection-level failures: the database is down, restarting, or the connection broke mid-flight.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: string; message?: string };
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message ?? '');
}

/** Connection failures become StoreUnavailableError; everything else is passed on unchanged. */
export function translatePgError(error: unknown, what: string): unknown {
  return isUnavailable(error) ? new StoreUnavailableError(`the database is unavailable (${what})`, error) : error;
}
