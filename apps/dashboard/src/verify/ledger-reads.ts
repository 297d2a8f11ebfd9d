import { get, Me } from '../api';
import type { Clocks } from '../route';
import type { LeafFields } from '../../../../libs/verification/src/leaf-json';

export interface SignedHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly keyId: string;
  readonly cosignatures: readonly { orgId: string; keyId: string; signature: string }[];
}

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: readonly string[];
}

type Page = { items: (LeafFields & { hash: string })[] };

/** The ledger position the partnership's figures reflect under these clocks (the KPI answer's). */
export async function figuresPosition(id: string, clocks: Clocks): Promise<number> {
  return (await get<{ position: number }>(`/v1/partnerships/${encodeURIComponent(id)}/kpis`, { ...clocks }))
    .position;
}

/**
 * The event at `position`, as this key may read it: auditors and admins from the whole ledger; a
 * partner from its partnership's stream, found by halving the version range (versions and positions
 * grow together); governance keys read no raw events (null).
 */
export async function eventAt(me: Me, id: string, position: number): Promise<LeafFields | null> {
  if (me.role === 'governance') return null;
  if (me.role !== 'partner') {
    const page = await get<Page>('/v1/events', { fromPosition: position, limit: 1 });
    return page.items[0]?.position === position ? page.items[0] : null;
  }
  const path = `/v1/partnerships/${encodeURIComponent(id)}/events`;
  const at = async (version: number) => (await get<Page>(path, { fromVersion: version, limit: 1 })).items[0];
  let low = 1;
  let high = (await get<{ version: number }>(`/v1/partnerships/${encodeURIComponent(id)}`)).version;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const event = await at(middle);
    if (!event) return null;
    if (event.position === position) return event;
    if (event.position < position) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

export const headOfSize = (size: number) => get<SignedHead>(`/v1/ledger/heads/${size}`);

export const inclusionProof = (position: number, treeSize: number) =>
  get<InclusionProof>('/v1/ledger/proofs/inclusion', { position, treeSize });

export async function witnessKey(orgId: string, keyId: string): Promise<string | undefined> {
  const keys = await get<{ items: { keyId: string; publicKey: string }[] }>(
    `/v1/organizations/${encodeURIComponent(orgId)}/signing-keys`,
  );
  return keys.items.find((k) => k.keyId === keyId)?.publicKey;
}
