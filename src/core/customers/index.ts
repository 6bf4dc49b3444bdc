export { CUSTOMER_FIELDS, CUSTOMER_SPEC, CUSTOMERS_PIPELINE, customerDuplicateKey, customerInvalidFor, type CustomerSystemOfRecord } from './customer-spec.ts';
export {
  customerLinkOf, customerPreviewOf, customerPreviewText, customersPipeline,
  type CustomerDeps, type CustomerExecution, type CustomerPlanRequest, type CustomerPreview, type CustomerSyncSummary,
} from './customer-sync.ts';
export { partyExecutionStatus as customerExecutionStatus } from '../parties/party-run.ts';
