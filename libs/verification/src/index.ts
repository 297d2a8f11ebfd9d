export * from './canonical-json';
export * from './leaf';
export * from './merkle/hash';
export * from './merkle/ranges';
export * from './merkle/verify';
export * from './merkle/tree';
export * from './merkle/frontier';
export * from './signed-head';
