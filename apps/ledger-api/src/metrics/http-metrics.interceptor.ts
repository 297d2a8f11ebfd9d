import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, finalize } from 'rxjs';
import { LedgerMetrics } from './metrics';

/**
 * Times every routed request, labelled by its route pattern (not its URL, which would explode cardinality).
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LedgerMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const stop = this.metrics.httpRequests.startTimer();
    return next.handle().pipe(
      finalize(() => {
        const route = request.routeOptions?.url ?? 'unmatched';
        stop({ method: request.method, route, status: String(http.getResponse<FastifyReply>().statusCode) });
      }),
    );
  }
}
