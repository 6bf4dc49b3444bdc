/** What the target reports about closed books: the date they are closed through (null: none), or why it could not tell. */
export type BooksClosedRead =
  | { readonly known: true; readonly closedThrough: string | null; readonly source: string }
  | { readonly known: false; readonly reason: string; readonly source: string };

/** The pre-check of closed periods a preview runs before anything is approved. */
export interface PeriodStatusPort {
  /** Never rejects: a failed read is `known: false` with the reason. */
  booksClosed(): Promise<BooksClosedRead>;
}

/** The kinds of record a preview names. */
export type NameKind = 'account' | 'department' | 'location' | 'vendor' | 'customer';

/** Names of target records for a preview (account titles, department, location, vendor and customer names). */
export interface NamesPort {
  /** The names found, by id; ids not found (or a failed read) are simply absent. */
  names(kind: NameKind, ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
