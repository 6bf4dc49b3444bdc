export { createIntacctClient, MAX_FUNCTIONS_PER_REQUEST, type IntacctClient, type IntacctClientDeps } from './client.ts';
export { controlIdFor } from './control-id.ts';
export {
  ALREADY_APPLIED_MATCHERS,
  DUPLICATE_MATCHERS,
  type IntacctError,
  type IntacctErrorCode,
  type IntacctErrorDetail,
} from './errors.ts';
export { fn, ID_FIELDS, defaultReadBack, quoteQueryValue } from './functions.ts';
export { buildRequestXml, type RequestAuth, type RequestSpec } from './request-xml.ts';
export {
  parseResponseXml,
  type ParsedAuthentication,
  type ParsedControl,
  type ParsedResponse,
  type ParsedResult,
} from './response-xml.ts';
export type {
  FilterOperator,
  FunctionResult,
  IntacctFunction,
  IntacctRecord,
  Outcome,
  Page,
  QueryFilter,
  QuerySpec,
  ReadBackSpec,
  ResultStatus,
  TrialBalanceRow,
  TrialBalanceSpec,
  WriteOptions,
  WriteResult,
} from './types.ts';
export { createIntacctGlTarget } from './gl-target.ts';
export { createIntacctTrialBalanceTarget, IntacctReadError } from './trial-balance-target.ts';
export { createIntacctApTarget } from './ap-target.ts';
export { canonicalIntacctVendor, createIntacctVendorSide } from './vendor-side.ts';
export { createIntacctArTarget } from './ar-target.ts';
export { canonicalIntacctCustomer, createIntacctCustomerSide } from './customer-side.ts';
export { createIntacctPartySide, type IntacctPartyShape } from './party-side.ts';
export { createIntacctPoTarget } from './po-target.ts';
export { createIntacctProjectTarget } from './project-target.ts';
