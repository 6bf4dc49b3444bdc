/** Public surface of the Sage 300 Web API client (the SQL reader has its own entry point). */
export { createSage300WebApiClient } from './web-api-client.ts';
export type { CreateOptions, ODataPage, Sage300WebApiClient, Sage300WebApiClientConfig, Sage300WebApiClientDeps, Sage300WebApiOperations } from './web-api-client.ts';
export { classifyHttpError, errorFromResponse, makeWebApiError, parseSageErrorBody } from './web-api-errors.ts';
export type { Sage300WebApiError, Sage300WebApiErrorCode, WebApiOutcome } from './web-api-errors.ts';
export { decimal, JsonDecimal, parseJsonExact, stringifyJsonExact } from './web-api-json.ts';
export { buildQueryString, f, keySegment, odataLiteral, odataString, renderFilter } from './web-api-odata.ts';
export type { EntityKey, ODataFilter, ODataQuery, ODataValue } from './web-api-odata.ts';
export type { GlPostResult, Sage300Resources } from './web-api-resources.ts';
export type { ProbeResult } from './web-api-transport.ts';
export type * from './web-api-types.ts';
