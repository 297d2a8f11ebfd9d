import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY_SCHEME } from './endpoint';
import { eventSchemas } from './event-schemas';
import { SCHEMA } from './names';
import { PROBLEM_SCHEMA } from './problem-schema';

const TAGS: [string, string][] = [
  ['organizations and keys', 'Organizations and API keys (admin)'],
  ['partnerships', 'Forming and reading partnerships'],
  ['events', 'The ledger: appending and reading events'],
  ['kpis', 'KPI read models, series, the portfolio and the catalogue'],
  ['projections', 'Replaying the ledger into the read models'],
  ['verification', 'Signed tree heads, Merkle proofs, witnessing and verification'],
  ['operations', 'Health and metrics'],
];

/**
 * The OpenAPI document at /docs-json and its UI at /docs. Operations, roles and error answers come
 * from the controllers' decorators (openapi/endpoint.ts); event schemas come from the domain's zod
 * schemas, so the document can never disagree with what the API accepts.
 */
export function setUpOpenApi(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Partnership Ledger')
    .setDescription(
      'An append-only, verifiable ledger of partnership events, projected into KPIs. ' +
        'Errors are RFC 9457 problem documents (application/problem+json).',
    )
    .setVersion('1')
    .addServer('/', 'The server that serves this document')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'API key (plk_…)', description: KEY_DESCRIPTION },
      SECURITY_SCHEME,
    )
    .addSecurityRequirements(SECURITY_SCHEME);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  // The package is UNLICENSED (proprietary); DocumentBuilder would also require a URL for it.
  config.info.license = { name: 'Proprietary (UNLICENSED)' };
  const document = SwaggerModule.createDocument(app, config);
  document.components = document.components ?? {};
  const schemas: Schemas = { ...eventSchemas(), [SCHEMA.problem]: PROBLEM_SCHEMA };
  document.components.schemas = { ...document.components.schemas, ...schemas };
  closeRequestBodies(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/**
 * The validation pipe refuses unknown fields in every body the API reads (forbidNonWhitelisted), so
 * each request body's schema is closed; a generated client then rejects a misspelt field at compile
 * time. Unions (the append body) are closed in their members, and response schemas stay open: a new
 * field in an answer is an extension of the contract, not a break.
 */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as { requestBody?: { content?: object } }[]) {
      const media = operation?.requestBody?.content as
        Record<string, { schema?: { $ref?: string } }> | undefined;
      const name = media?.['application/json']?.schema?.$ref?.split('/').pop();
      const schema = name
        ? (schemas[name] as { properties?: object; additionalProperties?: boolean })
        : undefined;
      if (schema?.properties) schema.additionalProperties = false;
    }
  }
}

const KEY_DESCRIPTION =
  'An API key, sent as `Authorization: Bearer <key>`. Keys issued by POST /v1/api-keys look like ' +
  '`plk_` followed by 43 base64url characters; the bootstrap admin key is the LEDGER_ADMIN_KEY setting ' +
  '(at least 32 characters). Missing, unknown or revoked: 401; a role the operation does not allow: 403.';
