/** The ledger's HTTP API as the CLI uses it: a URL, a key, JSON, and errors that say what failed. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface LedgerEvent {
  readonly eventId: string;
  readonly partnershipId: string;
  readonly type: string;
  readonly version: number;
  readonly position: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly data: Record<string, unknown>;
  readonly hash: string;
}

export class Client {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.url.endsWith('/') ? this.url : `${this.url}/`), {
        headers: { Authorization: `Bearer ${this.key}`, Accept: 'application/json' },
      });
    } catch (error) {
      throw new CliError(`cannot reach ${this.url}: ${(error as Error).message}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new CliError(`${path} answered ${res.status} with something that is not JSON`);
    }
    return { status: res.status, body: body as T };
  }

  async ok<T>(path: string): Promise<T> {
    const { status, body } = await this.get<T & { detail?: string }>(path);
    if (status === 200) return body;
    const { detail, type } = body as { detail?: unknown; type?: unknown };
    // The ledger saying its own stored tree is damaged is a failed verification, not a connection error.
    if (status >= 500 && typeof type === 'string' && type.endsWith('/ledger-integrity')) {
      throw new CliError(`${path}: the ledger reports that its stored data is damaged: ${String(detail)}`, 1);
    }
    throw new CliError(`${path} answered ${status}: ${typeof detail === 'string' ? detail : 'no detail'}`);
  }
}
