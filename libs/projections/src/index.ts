export * from './ports';
export { Prefetch } from './prefetch';
export { ProjectionRunner, RUNNER_DEFAULTS } from './runner';
export type { RunnerOptions } from './runner';
