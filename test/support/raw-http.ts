import { Socket, connect } from 'node:net';

/**
 * HTTP/1.1 by hand over a plain socket, for what an HTTP client refuses to send (a NUL in a header,
 * Transfer-Encoding with Content-Length) and for uploads that stop halfway.
 */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
  /** Milliseconds from the first byte sent to the whole answer received. */
  readonly ms: number;
}

/** An open connection that has sent `head` (and whatever else) and waits for one answer. */
export interface RawExchange {
  readonly socket: Socket;
  /** The first complete answer on the connection; rejects if none comes within `timeoutMs`. */
  readonly answer: Promise<RawAnswer>;
}

export function rawRequest(url: string, chunks: (string | Buffer)[], timeoutMs = 5_000): RawExchange {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const socket = connect(Number(port), hostname, () => chunks.forEach((c) => socket.write(c)));
  socket.on('error', () => undefined); // a server that closes on a half-sent upload resets the socket
  let received = Buffer.alloc(0);
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const fail = () => reject(new Error(`no answer within ${timeoutMs} ms: ${text()}`));
    const timer = setTimeout(fail, timeoutMs);
    const text = () => JSON.stringify(received.toString('latin1').slice(0, 300));
    const settle = () => {
      const parsed = parse(received);
      if (!parsed) return false;
      clearTimeout(timer);
      resolve({ ...parsed, ms: Date.now() - started });
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      settle();
    });
    socket.on('close', () => {
      if (!settle()) {
        clearTimeout(timer);
        reject(new Error(`closed without a complete answer: ${text()}`));
      }
    });
  });
  return { socket, answer };
}

function parse(bytes: Buffer): Omit<RawAnswer, 'ms'> | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < end + 4 + length) return undefined;
  const text = bytes.subarray(end + 4, end + 4 + length).toString('utf8');
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** The head of a request that declares a body of `length` bytes; `extra` are more header lines. */
export function uploadHead(path: string, length: number, extra: string[] = []): string {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: ledger', 'Content-Type: application/json'];
  lines.push(`Content-Length: ${length}`);
  return `${[...lines, ...extra].join('\r\n')}\r\n\r\n`;
}
