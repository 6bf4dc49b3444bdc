export type { ReconciliationReport } from './reconcile-model.ts';
export { ReconcileInputError, reconcileTrialBalance } from './run-reconciliation.ts';
export { reconciliationCsv, reconciliationText } from './report-format.ts';
