/** Public surface of the Sage 300 Web API client (the SQL reader has its own entry point). */
export { createSage300WebApiClient } from './web-api-client.ts';
export type { Sage300WebApiClient, Sage300WebApiClientConfig } from './web-api-client.ts';
export { f } from './web-api-odata.ts';
export type * from './web-api-types.ts';
