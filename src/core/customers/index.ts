export { CUSTOMER_SPEC } from './customer-spec.ts';
export { customersPipeline, type CustomerDeps, type CustomerSyncSummary } from './customer-sync.ts';
