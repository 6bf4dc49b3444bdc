export { VENDOR_SPEC } from './vendor-fields.ts';
export { vendorsPipeline, type VendorDeps, type VendorSyncSummary } from './vendor-pipeline.ts';
