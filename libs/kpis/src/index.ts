export * from './facts/types';
export { applyEvent, foldFacts, Applied, FactKey } from './facts/fold';
export * from './periods';
export * from './snapshot';
export * from './replay';
