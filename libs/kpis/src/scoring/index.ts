export * from './types';
export { orgKpiValue } from './criterion';
export { previousQuarterEnd, scoreOrg, scoreProgram, tierOf, withPreviousTiers } from './score';
export type { ScoringInput } from './score';
export * from './answer';
