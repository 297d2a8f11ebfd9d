import { parseBody } from '../charter/requests';
import { PROGRAM_SCHEMAS } from './events';

/**
 * The bodies of the program routes, parsed at the edge by the events' own schemas, so what a route
 * accepts is exactly what the ledger can store: `PUT /v1/program/scoring-model` sends the whole
 * `scoring_model.set` data; an assessment sends its data without `orgId` (the path names it).
 */
const ASSESSMENT = PROGRAM_SCHEMAS['organization.assessed'].omit({ orgId: true });

export const parseScoringModel = (body: unknown) => parseBody(PROGRAM_SCHEMAS['scoring_model.set'], body);
export const parseAssessment = (body: unknown) => parseBody(ASSESSMENT, body);
