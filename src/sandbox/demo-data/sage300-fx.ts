/** Multi-currency traps of the demo company (issue 16): written after every other generated record. */

/** rate-types.csv of the demo mapping set: Sage 300 rate type → Intacct exchange rate type. */
export const DEMO_RATE_TYPES: readonly (readonly [string, string])[] = [
  ['AV', 'Average Rate'],
  ['SP', 'Intacct Daily Rate'],
];
