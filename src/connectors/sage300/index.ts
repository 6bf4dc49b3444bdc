/** Sage 300 connector: read through SQL (reader), write through the Web API (client). */
export * from './sql-index.ts';
export * from './web-api-index.ts';
export { createGlSource } from './gl-source.ts';
export { createSage300TrialBalanceSource } from './trial-balance-source.ts';
export { createApSource } from './ap-source.ts';
export { canonicalSage300Vendor, createSage300VendorSide } from './vendor-side.ts';
export { createArSource } from './ar-source.ts';
export { canonicalSage300Customer, createSage300CustomerSide, type TermsTranslation } from './customer-side.ts';
export { createSage300PartySide, type Sage300PartyShape } from './party-side.ts';
export { createSage300PoSide, poSourceOrder } from './po-side.ts';
export { createProjectSource } from './project-source.ts';
