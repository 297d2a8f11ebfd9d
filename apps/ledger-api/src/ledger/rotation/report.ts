import { KeyRotation } from '@ledger/verification';

export interface Placed {
  /** The new key's file. */
  readonly file: string;
  /** Where the old key file was moved to (embedded default). */
  readonly aside?: string;
}

export interface Mode {
  readonly embedded: boolean;
  /** The service reads its key from LEDGER_SIGNING_KEY. */
  readonly envKey: boolean;
}

/** What the operator reads after a rotation: what was recorded, where the key is, what happens next. */
export function rotationReport(rotation: KeyRotation, placed: Placed, mode: Mode): string[] {
  const { previousKeyId: from, keyId: to, treeSize } = rotation;
  const endorsed = rotation.signature !== null;
  return [
    endorsed
      ? `Rotated the ledger's signing key: ${from} → ${to}, endorsed by ${from}; ` +
        `heads up to tree size ${treeSize} stay signed by ${from}.`
      : `Recorded an UNENDORSED rotation: ${from} → ${to} at tree size ${treeSize}. ` +
        'The old key is lost, so nothing vouches for the new one.',
    mode.envKey
      ? `The new key is in ${placed.file}. Set LEDGER_SIGNING_KEY to its contents on every API process and ` +
        `restart them: LEDGER_SIGNING_KEY="$(cat ${placed.file})".`
      : `The new key is ${placed.file}${placed.aside ? `; the old one is kept as ${placed.aside}` : ''}.`,
    'Back up the new key now, beside the database backups: a restore needs both.',
    mode.embedded
      ? 'Start the service again (npm start).'
      : `Until restarted with the new key, any API process still on ${from} answers 503 instead of signing ` +
        'a new head, and refuses to start.',
    endorsed
      ? `Partners need do nothing: \`npx ledger verify\` checks the rotation with the key they pinned, ` +
        `then pins ${to}.`
      : `Tell every partner now: \`npx ledger verify\` stops with exit 1 until they have compared ${to} ` +
        `with you out of band and run it once with --accept-key ${to}.`,
  ];
}
