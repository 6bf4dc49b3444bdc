export { decideParties, type DecideInput, type Decisions, type PartyProblem, type PlannedWrite, type Relink } from './party-decide.ts';
export { executePartyChangeSet, writeOf, type PartyExecuteOptions, type PartyExecution } from './party-execute.ts';
export { itemOf, partyLinkOf, supersede } from './party-links.ts';
export { planPartySync, sideOf, type PartyDeps, type PartyDirection, type PartyPlanned, type PartyPlanRequest } from './party-pipeline.ts';
export { countWrites, highlightsOf, maskedSummary, partyPreviewOf, partyPreviewText, type DirectionCounts, type Highlight, type PartyPreview } from './party-preview.ts';
export { completePartyRun, partyExecutionStatus, runPartySync, settlePartyRun, type PartyApprovalStep, type PartyRunStatus, type PartySyncSummary, type PlannedSet } from './party-run.ts';
export { differingFieldsOf, mask, normaliseName, otherSide, ownerOf, partyHash, SYSTEM_LABEL, type PartyInvalid, type PartySpec, type SystemOfRecord } from './party-spec.ts';
