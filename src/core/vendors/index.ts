export { decideVendors, type Decisions, type PlannedWrite, type VendorProblem } from './vendor-decide.ts';
export { executeVendorChangeSet, type VendorExecution } from './vendor-execute.ts';
export { differingFields, duplicateKey, mask, SENSITIVE_FIELDS, VENDOR_SPEC, vendorHash, VENDOR_FIELDS, type SystemOfRecord } from './vendor-fields.ts';
export { linkOf, planVendorSync, VENDORS_PIPELINE, type VendorDeps, type VendorDirection, type VendorPlanned, type VendorPlanRequest } from './vendor-pipeline.ts';
export { vendorPreviewOf, vendorPreviewText, type DirectionCounts, type VendorPreview } from './vendor-preview.ts';
export { completeVendorRun, runVendorSync, settleVendorRun, vendorExecutionStatus, type VendorApprovalStep, type VendorRunStatus, type VendorSyncSummary } from './vendor-run.ts';
