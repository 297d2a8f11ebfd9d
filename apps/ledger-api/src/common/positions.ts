import { ValidationFailed } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';

/**
 * A ledger position a request names (`atPosition`, `minPosition`) must exist: the ledger as it stood at
 * a position it has not reached is not a state anyone can reproduce, and waiting for it cannot help.
 * Refused as a 400 naming the field, like a proof's treeSize beyond the ledger. The head is read from
 * the database, so an append committed through another process counts.
 */
export async function assertPositionReached(
  store: EventStore,
  position: number,
  field: string,
): Promise<void> {
  const head = await store.headPosition();
  if (position <= head) return;
  const message =
    `is ${position}, but the ledger's last position is ${head}: pass the position of an event the ` +
    `ledger has appended (an append's receipt gives it)`;
  throw new ValidationFailed([{ path: field, message }]);
}
