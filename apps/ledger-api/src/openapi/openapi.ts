import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EVENT_DATA_SCHEMAS, EventType } from '@ledger/domain';
import { z } from 'zod';

/**
 * The OpenAPI document at /docs-json and its UI at /docs. Event data schemas come from the domain's
 * own zod schemas, so the document can never disagree with what the API accepts.
 */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Partnership Ledger')
    .setDescription('An append-only, verifiable ledger of partnership events, projected into KPIs. Errors are RFC 9457 problem documents.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ...eventDataSchemas(), Problem: PROBLEM_SCHEMA };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}

function eventDataSchemas(): Record<string, object> {
  return Object.fromEntries(
    (Object.keys(EVENT_DATA_SCHEMAS) as EventType[]).map((type) => {
      const { $schema: _ignored, ...schema } = z.toJSONSchema(EVENT_DATA_SCHEMAS[type], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return [`EventData.${type}`, { ...schema, description: `data of ${type}` }];
    }),
  );
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem document (application/problem+json)',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    currentVersion: { type: 'integer', description: 'On a version conflict: the partnership’s current version' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string', example: 'data.amount' }, message: { type: 'string' } } },
    },
  },
};
