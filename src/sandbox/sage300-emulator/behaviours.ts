/**
 * Switches for the Sage 300 behaviours the reference (sage300.md §8, §11) leaves UNCONFIRMED or that a real server
 * shows only sometimes. Each has a default — the documented behaviour where one is documented — and at least one
 * alternative that a client must survive or refuse clearly. The README table says where each default comes from.
 */
import { z } from 'zod';

export const SAGE300_BEHAVIOURS_SCHEMA = z
  .object({
    /** `@odata.nextLink` carries only `$skip` (ITAX capture, §8.3) or every option of the request. */
    nextLink: z.enum(['skip-only', 'all-options']).default('skip-only'),
    /** PATCH on PO/POPurchaseOrders: the endpoint reference lists GET and POST only (§8.4). */
    poPatch: z.enum(['refused', 'allowed']).default('refused'),
    /** Success answer of a POST create: 201 + entity, 200 + entity, or 204 with no body (§11 item 4). */
    createStatus: z.enum(['201', '200', '204']).default('201'),
    /** Success answer of PATCH/PUT: 204 with no body (PUT per SDK-POSTMAN) or 200 + the entity. */
    updateStatus: z.enum(['204', '200']).default('204'),
    /** `$count=true`: `@odata.count` as a number (v4), `odata.count` as a string (SDK-DEVREF), or none. */
    odataCount: z.enum(['v4-number', 'legacy-string', 'absent']).default('v4-number'),
    /** A `BatchNumber` supplied on a GL batch POST: ignored (the system assigns one) or refused (409 General). */
    suppliedBatchNumber: z.enum(['ignored', 'refused']).default('ignored'),
    /** A posting run commits its GLPOST rows at once, or in two transactions with a gap in between. */
    postingRun: z.enum(['atomic', 'two-steps']).default('atomic'),
    /** The gap between the two steps, in ms (two-steps only). */
    postingGapMs: z.number().int().min(0).max(600_000).default(100),
    /** Two-steps only: the second step waits for `POST /_emulator/release-postings` (or `releasePostings()`). */
    postingHold: z.boolean().default(false),
    /** `consolidated`: every GLPOST row of an entry gets TRANSNBR 0 and CONSOLIDAT 1, so rows tie on the GLPJD key. */
    postingTies: z.enum(['none', 'consolidated']).default('none'),
  })
  .strict();

export type Sage300Behaviours = z.infer<typeof SAGE300_BEHAVIOURS_SCHEMA>;
