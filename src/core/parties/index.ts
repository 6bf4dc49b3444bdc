export { decideParties, type DecideInput, type Decisions, type PartyProblem, type PlannedWrite, type Relink } from './party-decide.ts';
export { expectedHashOf, partyPasses, writeOf, type PartyExecution } from './party-execute.ts';
export { itemOf, partyLinkOf, supersede } from './party-links.ts';
export { draftParties, sideOf, type PartyDeps, type PartyDirection, type PartyPlanRequest } from './party-pipeline.ts';
export { countWrites, highlightsOf, maskedSummary, partyPreviewOf, type DirectionCounts, type Highlight, type PartyPreview } from './party-preview.ts';
export { partyPipeline, type PartyRunStatus, type PartySyncSummary } from './party-run.ts';
export { differingFieldsOf, mask, normaliseName, otherSide, ownerOf, partyHash, SYSTEM_LABEL, type PartyInvalid, type PartySpec, type SystemOfRecord } from './party-spec.ts';
