/** Injection tokens for the ports and configuration the app binds at start-up. */
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const LEDGER_TREE = Symbol('LEDGER_TREE');
