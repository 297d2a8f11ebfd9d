import {
  EVENT_DATA_SCHEMAS,
  EVENT_TYPES,
  EventType,
  POSTABLE_EVENT_TYPES,
  TIMESTAMP_HINT,
} from '@ledger/domain';
import { z } from 'zod';
import { SCHEMA, ref } from './names';

type Schema = Record<string, unknown>;

/**
 * The event schemas of the document, built from the domain's zod schemas so that the document cannot
 * disagree with what the API accepts. Events are discriminated unions on `type`: a generated client
 * knows a `deal.won`'s data from a `deal.registered`'s, and refuses one for the other. What is posted
 * is closed (`additionalProperties: false`) because the server refuses unknown fields at every level.
 */
export function eventSchemas(): Record<string, Schema> {
  return {
    ...Object.fromEntries(EVENT_TYPES.map((type) => [SCHEMA.eventData(type), dataSchema(type)])),
    [SCHEMA.expectedVersion]: EXPECTED_VERSION,
    ...union(SCHEMA.eventInput, POSTABLE_EVENT_TYPES, (type) => posted(type, 'One event of a batch')),
    ...union(SCHEMA.appendOne, POSTABLE_EVENT_TYPES, (type) =>
      posted(type, 'One event as the whole body', true),
    ),
    [SCHEMA.appendBatch]: BATCH,
    [SCHEMA.appendBody]: {
      description:
        'One event `{expectedVersion?, eventId?, type, occurredAt, data}` or `{expectedVersion?, events}`',
      oneOf: [ref(SCHEMA.appendOne), ref(SCHEMA.appendBatch)],
    },
    ...union(SCHEMA.ledgerEvent, EVENT_TYPES, recorded),
  };
}

function dataSchema(type: EventType): Schema {
  // The OpenAPI 3.0 target writes `exclusiveMinimum` as a boolean beside `minimum`, as 3.0 requires.
  const options = { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' } as const;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(EVENT_DATA_SCHEMAS[type], options) as Schema;
  return { ...schema, description: `The data of ${type}` };
}

/** One schema per type, named `<union>.<type>`, and the union of them, discriminated by `type`. */
function union(
  name: string,
  types: readonly EventType[],
  variant: (type: EventType) => Schema,
): Record<string, Schema> {
  const member = (type: EventType) => `${name}.${type}`;
  return {
    ...Object.fromEntries(types.map((type) => [member(type), variant(type)])),
    [name]: {
      oneOf: types.map((type) => ref(member(type))),
      discriminator: {
        propertyName: 'type',
        mapping: Object.fromEntries(types.map((type) => [type, ref(member(type)).$ref])),
      },
    },
  };
}

function posted(type: EventType, what: string, withExpectedVersion = false): Schema {
  return {
    type: 'object',
    description: `${what}: ${type}`,
    required: ['type', 'occurredAt', 'data'],
    additionalProperties: false,
    properties: {
      ...(withExpectedVersion ? { expectedVersion: ref(SCHEMA.expectedVersion) } : {}),
      eventId: {
        type: 'string',
        format: 'uuid',
        description: 'Generated when absent; send one to make retries idempotent',
      },
      type: { type: 'string', enum: [type] },
      occurredAt: {
        type: 'string',
        example: '2026-01-05T10:00:00Z',
        description: `When it happened (business time): ${TIMESTAMP_HINT}, at most 5 minutes ahead`,
      },
      data: ref(SCHEMA.eventData(type)),
    },
  };
}

/** A recorded event: the envelope every event has (LedgerEventDto) with this type's data. */
function recorded(type: EventType): Schema {
  return {
    description: `A recorded ${type} event`,
    allOf: [
      ref(SCHEMA.ledgerEventEnvelope),
      {
        type: 'object',
        required: ['type', 'data'],
        properties: { type: { type: 'string', enum: [type] }, data: ref(SCHEMA.eventData(type)) },
      },
    ],
  };
}

const EXPECTED_VERSION: Schema = {
  description:
    'The version the partnership must be at for the append: a whole number (its current version), ' +
    '"any" (the default) or "exists". A mismatch answers 409 with `currentVersion`; nothing is appended.',
  oneOf: [
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    { type: 'string', enum: ['any', 'exists'] },
  ],
};

const BATCH: Schema = {
  type: 'object',
  description: 'A batch of 1–1000 events, appended atomically: all or none',
  required: ['events'],
  additionalProperties: false,
  properties: {
    expectedVersion: ref(SCHEMA.expectedVersion),
    events: { type: 'array', minItems: 1, maxItems: 1000, items: ref(SCHEMA.eventInput) },
  },
};
