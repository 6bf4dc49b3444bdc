/** Sage 300 connector: read through SQL (reader), write through the Web API (client). */
export * from './sql-index.ts';
export * from './web-api-index.ts';
export { createGlSource } from './gl-source.ts';
export { createSage300TrialBalanceSource } from './trial-balance-source.ts';
export { createApSource } from './ap-source.ts';
export { createSage300VendorSide } from './vendor-side.ts';
export { createArSource } from './ar-source.ts';
export { createSage300CustomerSide, type TermsTranslation } from './customer-side.ts';
export { createSage300PoSide } from './po-side.ts';
export { createProjectSource } from './project-source.ts';
