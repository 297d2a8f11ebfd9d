export * from './facts/types';
export { applyEvent, foldFacts } from './facts/fold';
export * from './periods';
export * from './snapshot';
export { pooledView } from './compute/view';
export type { View } from './compute/view';
export * from './replay';
export * from './facts/codec';
export { factKeysRead, readFactsFor } from './facts/keys';
