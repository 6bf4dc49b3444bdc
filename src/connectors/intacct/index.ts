export { createIntacctClient, type IntacctClient } from './client.ts';
export { fn } from './functions.ts';
export { buildRequestXml } from './request-xml.ts';
export {
  parseResponseXml,
  
  
  
  
} from './response-xml.ts';
export type {
  
  
  IntacctFunction,
  IntacctRecord,
  Outcome,
  Page,
  
  
  
  
  
  
  
  
} from './types.ts';
export { createIntacctGlTarget } from './gl-target.ts';
export { createIntacctTrialBalanceTarget, IntacctReadError } from './trial-balance-target.ts';
export { createIntacctApTarget } from './ap-target.ts';
export { createIntacctVendorSide } from './vendor-side.ts';
export { createIntacctArTarget } from './ar-target.ts';
export { createIntacctCustomerSide } from './customer-side.ts';
export { createIntacctPoTarget } from './po-target.ts';
export { createIntacctProjectTarget } from './project-target.ts';
