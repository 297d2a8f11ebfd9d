import { canonicalJson } from './canonical-json';

// Imports nothing of Node: the dashboard's in-browser verifier recomputes leaves with this very code.

/**
 * The fields of an event that its Merkle leaf commits to (API.md, Verification). Every field a reader
 * sees is covered, so no stored byte can change without changing the leaf.
 */
export interface LeafFields {
  readonly position: number;
  readonly partnershipId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly data: unknown;
}

/**
 * The canonical JSON of the leaf fields. Every append, verified read, rebuild and verify hashes a leaf,
 * so the fixed envelope is written directly: its nine keys in RFC 8785 order (UTF-16 code units), its
 * strings and integers as the library writes them. Only `data`, whose shape is the event's, goes through
 * the generic canonicalizer.
 *
 * Guarantees: the same string as canonicalJson of the nine fields (property-tested in leaf.spec.ts).
 * Constraints: anything but strings and safe integers in the envelope takes the generic path, so an odd
 * value is still serialized (or refused) exactly as the library would.
 */
export function leafJson(e: LeafFields): string {
  const { position, partnershipId, version, eventId, type, occurredAt, recordedAt, recordedBy, data } = e;
  if (!(
    data !== undefined &&
    isInt(position) &&
    isInt(version) &&
    isText(partnershipId) &&
    isText(eventId) &&
    isText(type) &&
    isText(occurredAt) &&
    isText(recordedAt) &&
    isText(recordedBy)
  )) {
    return canonicalJson({
      position,
      partnershipId,
      version,
      eventId,
      type,
      occurredAt,
      recordedAt,
      recordedBy,
      data,
    });
  }
  const s = JSON.stringify;
  return (
    `{"data":${canonicalJson(data)},"eventId":${s(eventId)},"occurredAt":${s(occurredAt)},` +
    `"partnershipId":${s(partnershipId)},"position":${position},"recordedAt":${s(recordedAt)},` +
    `"recordedBy":${s(recordedBy)},"type":${s(type)},"version":${version}}`
  );
}

function isInt(n: unknown): n is number {
  return Number.isSafeInteger(n);
}

/** A string RFC 8785 can write: no unpaired surrogate (those take the generic path, which refuses them). */
function isText(s: unknown): s is string {
  return typeof s === 'string' && s.isWellFormed();
}
