import { Injectable, NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** A request that carries a body must say it is JSON; anything else is 415, not a guess. */
@Injectable()
export class JsonContentTypeMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeException(`the request body must be JSON (Content-Type: application/json), not ${request.headers['content-type'] ?? 'unspecified'}`);
    }
    next();
  }
}
