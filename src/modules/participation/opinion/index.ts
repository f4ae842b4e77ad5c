/** Opinion groups, representative statements, consensus and routing, computed as Pol.is does (see README.md). */
export { adjustedRandIndex } from './adjusted-rand';
export { consensusStatements, divisiveStatements } from './consensus';
export { inConversationOverHistory, participantsInConversation, POLIS_IN_CONVERSATION_RULE } from './in-conversation';
export { computeOpinionGroups, maxGroupsFor, POLIS_OPTIONS, smoothK } from './opinion-groups';
export {
  DEFAULT_REPLAY,
  POLIS_POLL_INTERVAL_MS,
  POLIS_RELOAD_WINDOW_MS,
  reloadedState,
  replayOpinionGroups,
  type ReplayOptions,
  type ReplayRestarts,
  type ReplayResult,
  type ReplayUpdate,
  type TimedVote,
} from './replay';
export {
  DEFAULT_REPLAY_INTERVALS,
  medoidPartition,
  partitionAgreement,
  partitionOf,
  replayConsensus,
  replayPaths,
  type Partition,
  type PathOutcome,
  type ReplayConsensusOptions,
  type ReplayConsensusResult,
  type ReplayPath,
} from './replay-consensus';
export { chooseNextStatement, META_PRIORITY, statementPriority, UNSEEN_STATEMENT_PRIORITY, type NextStatementRequest } from './routing';
export type * from './types';
