import { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Handler, routeAccess } from '../../apps/ledger-api/src/auth/api-key.guard';
import { Role } from '../../apps/ledger-api/src/auth/caller';

type Json = Record<string, unknown>;
type Document = { paths: Record<string, Record<string, unknown>> };

export interface DocumentedOperation {
  /** `GET /v1/partnerships/{partnershipId}` */
  readonly name: string;
  readonly operation: Json & { responses: Record<string, Json> };
  /** What the ApiKeyGuard decides for the handler behind it. */
  readonly access: 'public' | readonly Role[];
}

/**
 * Every operation of the document with the guard's own decision for the handler that serves it,
 * found through Nest's operationId (`<Controller>_<method>`). Throws for an operation without one.
 */
export function operationsOf(document: Document, app: INestApplication): DocumentedOperation[] {
  const handlers = handlersOf(app);
  const reflector = new Reflector();
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, value]) => {
      const operation = value as DocumentedOperation['operation'];
      const handler = handlers.get(String(operation.operationId));
      if (!handler) throw new Error(`no handler serves ${operation.operationId}`);
      const access = routeAccess(reflector, handler.method, handler.controller);
      return { name: `${method.toUpperCase()} ${path}`, operation, access };
    }),
  );
}

function handlersOf(app: INestApplication): Map<string, { controller: Handler; method: Handler }> {
  const found = new Map<string, { controller: Handler; method: Handler }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Handler;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[key];
        if (typeof method === 'function' && Reflect.hasMetadata(PATH_METADATA, method)) {
          found.set(`${controller.name}_${key}`, { controller, method });
        }
      }
    }
  }
  return found;
}

/**
 * What OpenAPI 3.0 does not allow in a schema and JSON Schema generators like to write: numeric
 * `exclusiveMinimum`/`exclusiveMaximum`, `nullable` without a `type` beside it, type arrays, `const`.
 */
export function schemaProblems(document: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const schema = node as Json;
    for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
      if (key in schema && typeof schema[key] !== 'boolean') problems.push(`${at}: ${key} is not a boolean`);
    }
    if (schema.nullable !== undefined && typeof schema.type !== 'string')
      problems.push(`${at}: nullable without a type`);
    if (Array.isArray(schema.type)) problems.push(`${at}: type is an array`);
    if ('const' in schema && !at.endsWith('/properties')) problems.push(`${at}: const`);
    for (const [key, value] of Object.entries(schema)) if (key !== 'example') visit(value, `${at}/${key}`);
  };
  visit(document, '#');
  return problems;
}
