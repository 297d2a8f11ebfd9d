import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Largest accepted request body: a batch of 1000 events with room to spare. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * The only request bodies the API reads: JSON, as `application/json` or `application/*+json`. Parsed
 * with plain JSON.parse so that what reaches the guards is exactly what was sent (a key named
 * `__proto__` stays an own key, for json-guard to refuse with its path); an empty body is `{}`, and a
 * top-level value that is not an object or array is refused, as body parsers conventionally do.
 * A request that carries a body must say it is JSON; anything else is 415, not a guess, refused before
 * the body is read.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (hasBody(request) && !isJson(request.headers['content-type'])) {
      throw new UnsupportedMediaTypeException(
        `the request body must be JSON (Content-Type: application/json), ` +
          `not ${request.headers['content-type'] ?? 'unspecified'}`,
      );
    }
  });
  fastify.removeAllContentTypeParsers();
  for (const type of ['application/json', /^application\/[^\s;/]+\+json(\s*;.*)?$/i]) {
    fastify.addContentTypeParser(
      type,
      { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
      (_request, text, done) => {
        try {
          done(null, parseJsonBody(String(text)));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
  }
}

/** Whether a request says it carries a body (a length above 0, or chunks). */
export function hasBody(request: FastifyRequest): boolean {
  const { 'content-length': length, 'transfer-encoding': chunked } = request.headers;
  return Number(length ?? 0) > 0 || chunked !== undefined;
}

export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return {};
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[')
    throw new BadRequestException('the request body is not valid JSON (it must be an object or an array)');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`the request body is not valid JSON (${(error as Error).message})`);
  }
}

/** `application/json` or `application/<anything>+json`, parameters (charset) allowed. */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[^\s/]+\+json$/.test(type);
}
