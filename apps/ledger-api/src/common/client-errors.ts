import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HttpException } from '@nestjs/common';
import type { Logger } from 'pino';
import { problemFor } from './problem.filter';

/** What Node's HTTP parser refuses, in words a client developer can act on, by the parser's code. */
const REFUSALS: Record<string, readonly [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'the request line and headers are larger than 16 KiB'],
  HPE_INVALID_URL: [400, 'the path holds a character a URL may not hold (percent-encode anything but ASCII)'],
  HPE_INVALID_HEADER_TOKEN: [400, 'a header name or value holds a character HTTP does not allow (a NUL)'],
  HPE_INVALID_TRANSFER_ENCODING: [400, 'Transfer-Encoding is not valid, or is sent with Content-Length'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, 'Content-Length is sent twice, or together with Transfer-Encoding'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'the chunk extensions of the body are too large'],
};

type ClientError = Error & { code?: string; reason?: string; rawPacket?: Buffer };
type ServerSocket = Socket & {
  /** Set by net.Server on the connections it accepts: the timeouts in force. */
  server?: { headersTimeout?: number; requestTimeout?: number };
  _httpMessage?: { _headerSent?: boolean; req?: { url?: string } };
};

/**
 * Node's `clientError`, given to Fastify as its clientErrorHandler: what the HTTP parser refuses before
 * any request exists (a non-ASCII path, a NUL in a header, Transfer-Encoding with Content-Length,
 * headers over 16 KiB) and the header and request timeouts. Answered, like everything else, with a
 * problem document (problemFor), written on the socket by hand since there is no response object; then
 * the connection is closed, as Node does, for the stream can no longer be trusted.
 *
 * Guarantees: nothing is written once a response has begun on the socket (it would corrupt it); a
 * connection the client reset gets nothing; each refusal is logged at debug (a client's fault).
 */
export function clientErrorAnswerer(logger: Logger) {
  return (connectionError: Error, connection: Socket): void => {
    const [error, socket] = [connectionError as ClientError, connection as ServerSocket];
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] = refusal(error, socket);
    const instance = targetOf(error, socket);
    logger.debug({ code: error.code, status, instance }, 'client error');
    if (socket.writable && !socket._httpMessage?._headerSent) {
      const problem = { ...problemFor(new HttpException(detail, status)), ...(instance ? { instance } : {}) };
      socket.write(rawResponse(status, JSON.stringify(problem)));
    }
    socket.destroy();
  };
}

function refusal(error: ClientError, socket: ServerSocket): readonly [number, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const [headers, whole] = [socket.server?.headersTimeout ?? 0, socket.server?.requestTimeout ?? 0];
    const due = `headers are due within ${headers / 1000} s, all of it within ${whole / 1000} s`;
    return [408, `the request did not arrive in time: ${due}`];
  }
  const known = REFUSALS[error.code ?? ''];
  if (known) return known;
  return [400, `the request is not valid HTTP/1.1 (${error.reason ?? error.code ?? error.message})`];
}

const REQUEST_LINE = /^[A-Z]{3,16} (\/[^ \r\n]*) HTTP\/1\.[01]\r?\n/;

/** The path the request was for, when it got that far: bytes beyond printable ASCII percent-encoded. */
function targetOf(error: ClientError, socket: ServerSocket): string | undefined {
  const parsed = socket._httpMessage?.req?.url;
  const line = error.rawPacket?.subarray(0, 8192).toString('latin1');
  const target = parsed ?? (line ? REQUEST_LINE.exec(line)?.[1] : undefined);
  if (!target) return undefined;
  const path = target.split('?')[0];
  const escaped = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const printable = (byte: number) => byte > 0x20 && byte < 0x7f;
  const bytes = Array.from(Buffer.from(path, 'latin1'));
  return bytes.map((b) => (printable(b) ? String.fromCharCode(b) : escaped(b))).join('');
}

function rawResponse(status: number, body: string): string {
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}
