import { field } from '../gl/gl-summary.ts';
import type { ChangeSet } from '../state/index.ts';
import type { PoPreview } from './po-types.ts';

/** The preview of a stored PO change set, rebuilt from what was saved when it was planned. */
export function poPreviewOf(cs: ChangeSet): PoPreview {
  const s = cs.summary;
  const num = (name: string): number => {
    const v = field(s, name);
    return typeof v === 'number' ? v : 0;
  };
  return {
    changeSetId: cs.id,
    digest: cs.digest,
    orders: num('orders'),
    toCreate: num('toCreate'),
    statusWrites: num('statusWrites'),
    skipped: num('skipped'),
    foundInIntacct: num('foundInIntacct'),
    exceptions: num('exceptions'),
    totalsByCurrency: (field(s, 'totalsByCurrency') ?? {}) as Record<string, string>,
    totalsByVendor: (field(s, 'totalsByVendor') ?? []) as unknown as PoPreview['totalsByVendor'],
    problems: (field(s, 'problems') ?? []) as unknown as PoPreview['problems'],
    statusLines: (field(s, 'statusLines') ?? []) as unknown as string[],
  };
}
