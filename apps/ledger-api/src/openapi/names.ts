/**
 * Names of the schemas the OpenAPI document builds by hand (not from DTO classes). They are part of
 * what generated clients call their types, so they change only with care.
 */
export const SCHEMA = {
  problem: 'Problem',
  appendBody: 'AppendEventsBody',
  appendOne: 'AppendOneEvent',
  appendBatch: 'AppendEventBatch',
  eventInput: 'EventInput',
  expectedVersion: 'ExpectedVersion',
  ledgerEvent: 'LedgerEvent',
  /** The fields every recorded event has besides `type` and `data` (LedgerEventDto). */
  ledgerEventEnvelope: 'LedgerEventEnvelope',
  eventData: (type: string) => `EventData.${type}`,
} as const;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
