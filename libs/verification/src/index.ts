export * from './canonical-json';
export * from './leaf';
