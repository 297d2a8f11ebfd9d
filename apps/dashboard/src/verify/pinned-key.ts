import { get } from '../api';
import { importEd25519, keyIdOf } from './crypto';

interface Pin {
  readonly keyId: string;
  readonly x: string;
  readonly pinnedAt: string;
}

const PIN = 'ledger.pinnedKey';

export type PinnedKey =
  | {
      readonly ok: true;
      readonly key: CryptoKey;
      readonly keyId: string;
      readonly pinnedAt: string;
      readonly firstUse: boolean;
    }
  | { readonly ok: false; readonly problem: string };

/**
 * The ledger's public key, pinned on first use (trust on first use, as SSH does): the first key seen is
 * kept in this browser's localStorage, and a later, different key is refused until the user chooses to
 * forget the pin (after checking the rotation at /v1/ledger/key-rotations, or with `npx ledger`).
 *
 * Guarantees: the key id is recomputed from the key's bytes, so a server cannot pair a known id with
 * another key.
 */
export async function pinnedLedgerKey(): Promise<PinnedKey> {
  const served = await get<{ keyId: string; jwk: JsonWebKey }>('/v1/ledger/public-key');
  const key = await importEd25519(served.jwk);
  const keyId = await keyIdOf(key);
  if (keyId !== served.keyId)
    return { ok: false, problem: `the served key id ${served.keyId} is not that of the key (${keyId})` };
  const stored = localStorage.getItem(PIN);
  if (!stored) {
    const pin: Pin = { keyId, x: served.jwk.x ?? '', pinnedAt: new Date().toISOString() };
    localStorage.setItem(PIN, JSON.stringify(pin));
    return { ok: true, key, keyId, pinnedAt: pin.pinnedAt, firstUse: true };
  }
  const pin = JSON.parse(stored) as Pin;
  if (pin.x !== served.jwk.x)
    return {
      ok: false,
      problem: `the ledger now serves key ${keyId}, not ${pin.keyId} pinned on ${pin.pinnedAt.slice(0, 10)}`,
    };
  return { ok: true, key, keyId, pinnedAt: pin.pinnedAt, firstUse: false };
}

export const forgetPinnedKey = (): void => localStorage.removeItem(PIN);
