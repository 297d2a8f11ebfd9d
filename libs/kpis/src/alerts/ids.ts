import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/verification';
import { Alert, AlertKind } from './types';

/**
 * An alert's id: the first 32 hex digits of the SHA-256 of the canonical JSON of
 * [partnershipId, kind, subject, raisedAt]. Guarantees: a rebuild names every alert as the live
 * projection did; one condition raised at one business time has one id.
 */
export function alertIdOf(
  partnershipId: string,
  kind: AlertKind,
  subject: Alert['subject'],
  raisedAt: string,
) {
  const text = canonicalJson([partnershipId, kind, subject, raisedAt]);
  return `al_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** The key of a condition in AlertState.open / pending: kind and subject. */
export function conditionKey(kind: string, subject: Alert['subject']): string {
  return `${kind}|${Object.keys(subject)
    .sort()
    .map((k) => `${k}=${subject[k]}`)
    .join('|')}`;
}
