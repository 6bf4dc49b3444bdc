import { createHash } from 'node:crypto';
import { digestOf } from './canonical-json.ts';
import type { PlanItem, StoredPlanItem } from './outbox.ts';

/** The digest of a change set's items: what an approval binds to (canonical JSON of the item list, sha256 hex). */
export function changeSetDigest(items: readonly PlanItem[]): string {
  return digestOf(
    items.map((i) => ({
      idempotencyKey: i.idempotencyKey,
      targetSystem: i.targetSystem,
      objectType: i.objectType,
      sourceSystem: i.sourceSystem,
      sourceKey: i.sourceKey,
      payload: i.payload,
    })),
  );
}

/** Hashed in pieces of about this many UTF-16 units: few hash calls without building the whole document. */
const PIECE = 1 << 16;

/**
 * `changeSetDigest` over items whose payloads are canonical texts (as stored): the same bytes are hashed, written
 * member by member in canonical (sorted) key order, with no parse and re-serialise of a payload and no joined copy.
 */
export function digestOfStored(items: Iterable<StoredPlanItem>): string {
  const hash = createHash('sha256');
  let piece = '';
  let count = 0;
  for (const i of items) {
    // Keys in UTF-16 order, as canonicalJson sorts them: idempotencyKey < objectType < payload < sourceKey < sourceSystem < targetSystem.
    piece += `${count === 0 ? '[' : ','}{"idempotencyKey":${JSON.stringify(i.idempotencyKey)},"objectType":${JSON.stringify(i.objectType)},"payload":${i.payload},"sourceKey":${JSON.stringify(i.sourceKey)},"sourceSystem":${JSON.stringify(i.sourceSystem)},"targetSystem":${JSON.stringify(i.targetSystem)}}`;
    count++;
    if (piece.length >= PIECE) {
      hash.update(piece, 'utf8');
      piece = '';
    }
  }
  return hash.update(count === 0 ? '[]' : `${piece}]`, 'utf8').digest('hex');
}
