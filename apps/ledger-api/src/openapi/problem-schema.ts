/** RFC 9457 problem document: every error of the API, with the extension members the API uses. */
export const PROBLEM_SCHEMA: Record<string, unknown> = {
  type: 'object',
  description: 'RFC 9457 problem document (application/problem+json)',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      example: 'https://partnership-ledger.dev/problems/validation-failed',
    },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', description: 'What was wrong, in words a portal developer can act on' },
    instance: { type: 'string', description: 'The path of the request' },
    code: { type: 'string', description: 'Business rules and lookups: a stable code, such as deal_closed' },
    currentVersion: {
      type: 'integer',
      description: 'On a version conflict: the partnership’s current version',
    },
    projectionPosition: {
      type: 'integer',
      description: 'When the read models are behind: the position they have applied',
    },
    minPosition: { type: 'integer', description: 'When the read models are behind: the position asked for' },
    errors: {
      type: 'array',
      description: 'One entry per bad field',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', example: 'data.amount' }, message: { type: 'string' } },
      },
    },
  },
};
