import { NodeRef } from '../merkle/ranges';

/**
 * What a full verification of a stored ledger can find, each pinned to the smallest part of the stored
 * ledger the evidence allows: one event row, one ledger_merkle row, one ledger_heads row, or a range of
 * positions whose events changed together with their stored hashes.
 */
export type AuditKind =
  /** An event row whose fields no longer give its stored hash. */
  | 'event-changed'
  /** No event row at a position up to the ledger's size. */
  | 'event-missing'
  /** Events whose stored hashes changed with them: the signed heads and stored nodes pin them to from–to. */
  | 'events-rewritten'
  /** A ledger_merkle row changed: the events below it are confirmed by a signed head or a stored node. */
  | 'node-changed'
  /** A ledger_merkle row deleted: inclusion and consistency proofs through it fail. */
  | 'node-missing'
  /** A ledger_merkle row beyond the tree: the append that completes its subtree would fail. */
  | 'node-extra'
  /** A ledger_merkle row that differs from the events below it, with no signed head to tell which changed. */
  | 'node-or-events'
  /** A ledger_heads row whose signature does not verify with its key. */
  | 'head-signature'
  /** A ledger_heads row signed by a key that is not the ledger's for its tree size. */
  | 'head-key'
  /** A validly signed head whose root no tree of the stored events gives, while heads around it do. */
  | 'head-root'
  /** A ledger_key_rotations row that its previous key did not sign, or that names another key. */
  | 'key-rotation';

/**
 * One problem, as POST /v1/ledger/verify lists it. `position` and `problem` are the contract's; the rest
 * says exactly which row: `from`–`to` the positions, `level`/`index` the ledger_merkle row, `treeSize`
 * the ledger_heads row (or, for events, the head that shows the change).
 */
export interface AuditProblem {
  readonly position: number;
  readonly problem: string;
  readonly kind: AuditKind;
  readonly from?: number;
  readonly to?: number;
  readonly level?: number;
  readonly index?: number;
  readonly treeSize?: number;
}

/** Positions (1-based, inclusive) of the leaves under a perfect subtree. */
export function positionsOf(ref: NodeRef): { from: number; to: number } {
  const width = 2 ** ref.level;
  return { from: ref.index * width + 1, to: (ref.index + 1) * width };
}

export const nodeName = (ref: NodeRef) => `node ${ref.level}:${ref.index}`;

/** "the ledger_merkle row (level 4, idx 2, positions 33–48)". */
export function nodeRow(ref: NodeRef): string {
  const { from, to } = positionsOf(ref);
  return `the ledger_merkle row (level ${ref.level}, idx ${ref.index}, positions ${from}–${to})`;
}

export const span = (from: number, to: number) =>
  from === to ? `position ${from}` : `positions ${from}–${to}`;

export function eventChanged(position: number): AuditProblem {
  const problem = 'changed: the stored fields no longer give the stored leaf hash';
  return { position, problem, kind: 'event-changed', from: position, to: position };
}

export function eventMissing(position: number): AuditProblem {
  const problem = 'missing: no event is stored at this position (deleted?)';
  return { position, problem, kind: 'event-missing', from: position, to: position };
}

type NodeKind = 'node-changed' | 'node-missing' | 'node-extra' | 'node-or-events';

export function nodeProblem(kind: NodeKind, ref: NodeRef, problem: string): AuditProblem {
  const { from, to } = positionsOf(ref);
  return { position: from, problem, kind, from, to, level: ref.level, index: ref.index };
}

export function headProblem(
  kind: 'head-signature' | 'head-key',
  treeSize: number,
  problem: string,
): AuditProblem {
  return { position: treeSize, problem, kind, treeSize };
}
