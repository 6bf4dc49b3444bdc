/**
 * Switches for the gateway behaviours intacct-xml-api.md leaves UNCONFIRMED that our client depends on. Each
 * default is the documented behaviour where there is one, else the emulator's earlier documented choice; the
 * alternatives are plausible real answers a client must survive or refuse clearly (README table).
 */
import { z } from 'zod';

export const INTACCT_BEHAVIOURS_SCHEMA = z
  .object({
    /** STATE of GLBATCH/GLENTRY in reads and query filters: words (`Posted`, lookup VALIDVALUES) or one-letter codes. */
    stateFormat: z.enum(['words', 'codes']).default('words'),
    /** The answer to a `uniqueid=true` replay of a completed controlid (error unpublished, §2.3). */
    replayError: z.enum(['already-executed', 'duplicate-control-id']).default('already-executed'),
    /** The wording of a posting into a closed period (no distinct errorno published). */
    periodClosedError: z.enum(['period-closed', 'closed-accounting-period']).default('period-closed'),
    /**
     * Whether `get_companyprefs application="GL"` reports the books-closed-through date (preference name and format are
     * our choice: Intacct publishes the function but not which GL preference, if any, carries that date).
     */
    booksClosedPreference: z.enum(['reported', 'absent']).default('reported'),
    /** Sliding session duration in seconds (tenant-configurable; +24 h and +2 h 10 min seen, §5). */
    sessionTimeoutSec: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(3600),
    /**
     * Legacy create_arpayment with no arpaymentitem (api.xsd 3.0 allows it): kept as an available customer credit
     * for apply_arpayment, or refused. Which one Intacct does is not documented (UNCONFIRMED).
     */
    arPaymentWithoutItems: z.enum(['credit', 'refused']).default('credit'),
    /** Functions per request before the request is refused; 0 = no cap (none documented, §2.6). */
    maxFunctionsPerRequest: z.number().int().min(0).max(100_000).default(0),
    /**
     * A foreign-currency record sent with no rate whose rate type has no rate for the exchange rate date: refused
     * (`reject`), or converted at the type's latest rate dated before it (`latest-earlier`). Not documented.
     */
    missingRate: z.enum(['reject', 'latest-earlier']).default('reject'),
    /**
     * A record sent with both a rate type and a rate: the sent rate is used and the type recorded (`rate-wins`), or
     * refused (`either-or`; every SDK writes one or the other). Not documented.
     */
    rateTypeWithRate: z.enum(['rate-wins', 'either-or']).default('rate-wins'),
    /**
     * APPYMT without FINANCIALENTITY (the bank account paid from): refused (`required`) or accepted (`optional`). The
     * reference marks neither; the SDK's ApPaymentCreate writes it. Not documented.
     */
    apPaymentBankAccount: z.enum(['required', 'optional']).default('required'),
    /** How a converted base amount is kept at 2 decimals (rounding rule not published). */
    baseRounding: z.enum(['half-up', 'half-even']).default('half-up'),
    /**
     * An AR payment (ARPYMT detail, create_arpayment item, apply_arpayment) in another currency than the invoice it
     * pays: refused (`must-match`), or applied amount for amount in the invoice's currency (`any`). Not documented.
     */
    arPaymentCurrency: z.enum(['must-match', 'any']).default('must-match'),
  })
  .strict();

export type IntacctBehaviours = z.infer<typeof INTACCT_BEHAVIOURS_SCHEMA>;

/** One-letter codes for `stateFormat: 'codes'` (our invention: no source shows the codes). */
const STATE_CODES: Readonly<Record<string, string>> = {
  Draft: 'D',
  Submitted: 'S',
  'Partially Approved': 'A',
  Approved: 'A',
  Posted: 'P',
  Declined: 'R',
  'Reversal pending': 'V',
  Reversed: 'V',
};

/** Objects whose STATE the switch recodes. */
const STATE_OBJECTS = new Set(['GLBATCH', 'GLENTRY']);

/** The record as the read functions see it under `stateFormat` (stored data always keeps the words). */
export function withStateFormat<T extends { data: Record<string, unknown> }>(object: string, record: T, behaviours: IntacctBehaviours): T {
  if (behaviours.stateFormat === 'words' || !STATE_OBJECTS.has(object)) return record;
  const state = record.data.STATE;
  if (typeof state !== 'string' || STATE_CODES[state] === undefined) return record;
  return { ...record, data: { ...record.data, STATE: STATE_CODES[state] } };
}
