export { CUSTOMER_FIELDS, CUSTOMER_SPEC, CUSTOMERS_PIPELINE, customerDuplicateKey, customerInvalidFor, type CustomerSystemOfRecord } from './customer-spec.ts';
export {
  customerLinkOf, customerPreviewOf, customersPipeline,
  type CustomerDeps, type CustomerExecution, type CustomerPlanRequest, type CustomerPreview, type CustomerSyncSummary,
} from './customer-sync.ts';
