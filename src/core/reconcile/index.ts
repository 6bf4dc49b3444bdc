export { computeVariances, postedAmount, SYNC_REFERENCE_PREFIX, type LineTarget, type VarianceInputs } from './compute-variances.ts';
export type { CauseKind, CauseRecord, EntryCause, ReconciliationReport, SyncStatus, UnmappedAccount, VarianceRow } from './reconcile-model.ts';
export { glSyncStatus, ReconcileInputError, reconcileTrialBalance, type ReconcileDeps } from './run-reconciliation.ts';
export { reconciliationCsv, reconciliationText } from './report-format.ts';
