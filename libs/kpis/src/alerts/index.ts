export { foldAlertEvent, needsFacts } from './fold';
export { advanceAlerts } from './advance';
export { emptyAlertState, nextDue, noChanges } from './state';
export type { Alert, AlertChanges, AlertInput, AlertKind, AlertState } from './types';
export { MonthValueCache } from './month-values';
