export { decideVendors, type Decisions, type PlannedWrite, type VendorProblem } from './vendor-decide.ts';
export { differingFields, duplicateKey, mask, SENSITIVE_FIELDS, VENDOR_SPEC, vendorHash, VENDOR_FIELDS, type SystemOfRecord } from './vendor-fields.ts';
export { linkOf, VENDORS_PIPELINE, vendorsPipeline, type VendorDeps, type VendorDirection, type VendorExecution, type VendorPlanRequest, type VendorSyncSummary } from './vendor-pipeline.ts';
export { vendorPreviewOf, type DirectionCounts, type VendorPreview } from './vendor-preview.ts';
