import { DataDirectoryInUse } from '@ledger/event-store';
import { ConfigError } from '../config/config';
import { SigningKeyMismatch } from '../ledger/key-errors';
import { DatabaseUnusable } from './preflight';

/**
 * Every way start-up can fail, as the one line an operator acts on. A failure not foreseen here is
 * still one line; its stack is printed only when LOG_LEVEL asks for debugging.
 */
export function startupFailure(error: unknown, port: number | undefined, verbose: boolean): string[] {
  const known = explain(error, port);
  if (known) return [`Cannot start: ${known}`];
  const message = error instanceof Error ? error.message : String(error);
  const stack = verbose && error instanceof Error && error.stack ? [error.stack] : [];
  return [`Cannot start: ${message} (LOG_LEVEL=debug prints the stack)`, ...stack];
}

function explain(error: unknown, port: number | undefined): string | undefined {
  if (error instanceof ConfigError) return `configuration: ${error.message}`;
  if (
    error instanceof DataDirectoryInUse ||
    error instanceof DatabaseUnusable ||
    error instanceof SigningKeyMismatch
  ) {
    return error.message;
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE')
    return `port ${port} is already in use: stop what listens there, or set PORT (PORT=0 picks a free one)`;
  if (code === 'EACCES') return `port ${port} needs privileges this user lacks: set PORT to 1024 or above`;
  return undefined;
}
