/** Inclusive start and exclusive end of an export, as ISO instants (`at` is compared against these). */
export interface ExportRange {
  readonly from?: string;
  readonly to?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time zone is required: an instant without one would mean different rows on machines in different zones.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Normalises an ISO instant to the stored `at` form (`toISOString`), or returns undefined when it is not one. */
export function normalizeInstant(text: string): string | undefined {
  if (!INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function dayStart(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches dates that do not exist.
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : undefined;
}

/**
 * Parses `--from` / `--to`: a UTC date YYYY-MM-DD (a `--to` date includes that whole day) or an ISO instant with a
 * time zone (`--to` instant is exclusive). Throws RangeError naming the flag and the accepted forms.
 */
function parseRangeBound(text: string, edge: 'from' | 'to'): string {
  const day = dayStart(text);
  if (day !== undefined) return new Date(edge === 'to' ? day + 86_400_000 : day).toISOString();
  const instant = normalizeInstant(text);
  if (instant !== undefined) return instant;
  throw new RangeError(`--${edge} expects a date YYYY-MM-DD or an ISO instant with a time zone (e.g. 2026-03-01T00:00:00Z), got "${text}"`);
}

/** Parses both bounds and checks that the range is not empty. */
export function parseExportRange(from: string | undefined, to: string | undefined): ExportRange {
  const range = {
    ...(from !== undefined ? { from: parseRangeBound(from, 'from') } : {}),
    ...(to !== undefined ? { to: parseRangeBound(to, 'to') } : {}),
  };
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw new RangeError(`--from (${from}) must be before --to (${to})`);
  }
  return range;
}
