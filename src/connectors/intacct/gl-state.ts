/**
 * GLBATCH/GLENTRY STATE as Intacct answers it. The lookup of GLBATCH lists words (Draft, Submitted, Partially
 * Approved, Approved, Posted, Declined, Reversal pending, Reversed; intacct-xml-api.md §7.1), but whether readByQuery
 * answers those words or one-letter codes is UNCONFIRMED (emulator behaviour `stateFormat`). Both are read here, so
 * callers filter on the normalised word and never on the wire text.
 */
const WORDS = ['Draft', 'Submitted', 'Partially Approved', 'Approved', 'Posted', 'Declined', 'Reversal pending', 'Reversed'] as const;

export type GlState = (typeof WORDS)[number];

/** Single letters that can only mean one state (A and V are ambiguous and not needed to tell posted lines apart). */
const CODES: Readonly<Record<string, GlState>> = { D: 'Draft', S: 'Submitted', P: 'Posted', R: 'Declined' };

const BY_WORD = new Map<string, GlState>(WORDS.map((w) => [w.toLowerCase(), w]));

/** The state word for a wire value, or undefined when it is neither a known word nor a known code. */
export function glState(wire: string): GlState | undefined {
  const text = wire.trim();
  return BY_WORD.get(text.toLowerCase()) ?? CODES[text.toUpperCase()];
}

/** Clear text for a STATE value this client cannot read, naming the behaviour that is in question. */
export function unknownStateMessage(object: string, wire: string): string {
  return (
    `Intacct ${object} STATE '${wire}' is neither a known state word (${WORDS.join(', ')}) nor a known code ` +
    `(${Object.keys(CODES).join(', ')}): the 'STATE as codes or words' behaviour of this company differs from both; ` +
    'posted lines cannot be told from drafts, so nothing was compared'
  );
}
