export { type DirectionCounts, type PartyPreview } from './party-preview.ts';
export { SYSTEM_LABEL, type PartySpec } from './party-spec.ts';
