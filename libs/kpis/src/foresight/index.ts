export * from './drivers';
export * from './scenarios';
export * from './projection';
export * from './accuracy';
export * from './answer';
