/**
 * The dashboard's only way to the ledger: the public API, on this origin, with the key the user pasted.
 *
 * Guarantees: the key lives in sessionStorage only (gone when the tab closes), is sent only in the
 * Authorization header, never in a URL; a 401 signs the user out.
 */
const KEY = 'ledger.apiKey';

export interface Me {
  readonly keyId: string;
  readonly role: 'admin' | 'partner' | 'auditor' | 'governance';
  readonly orgId?: string;
}

export interface Problem {
  readonly title?: string;
  readonly detail?: string;
  readonly status: number;
  readonly errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);

type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A busy answer (429: the API's expensive-read limits) is asked again after its Retry-After, twice. */
const RETRIES = 2;

/** Requests in flight by key and URL: views that ask the same question at once share one request. */
const inFlight = new Map<string, Promise<unknown>>();

export function get<T>(path: string, query?: Query, key = storedKey()): Promise<T> {
  const id = `${key ?? ''} ${withQuery(path, query)}`;
  const pending = inFlight.get(id) ?? fetchAnswer(path, query, key).finally(() => inFlight.delete(id));
  inFlight.set(id, pending);
  return pending as Promise<T>;
}

async function fetchAnswer(path: string, query: Query | undefined, key: string | null): Promise<unknown> {
  const ask = () => fetch(withQuery(path, query), { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  let response = await ask();
  for (let retry = 0; response.status === 429 && retry < RETRIES; retry++) {
    const seconds = Math.min(5, Number(response.headers.get('Retry-After')) || 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await ask();
  }
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (response.status === 401 && key === storedKey()) {
    forgetKey();
    window.dispatchEvent(new Event('ledger:signed-out'));
  }
  if (!response.ok) throw new ApiError({ status: response.status, ...(body as object) });
  return body;
}

/** Checks the key against the API before keeping it: a wrong key is never stored. */
export async function signIn(key: string): Promise<Me> {
  const me = await get<Me>('/v1/me', undefined, key);
  sessionStorage.setItem(KEY, key);
  return me;
}
