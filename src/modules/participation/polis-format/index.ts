/** Pol.is's open-data export format (`comments.csv`, `votes.csv`, `participants-votes.csv`): pure parse and serialise. */
export { POLIS_OPEN_DATA_ATTRIBUTION } from './attribution';
export { COMMENTS_COLUMNS, commentsFromTable, moderatedOutComments, parseCommentsCsv, serialiseCommentsCsv, type Moderation, type PolisComment, type PolisCommentsFile } from './comments';
export {
  conversationModeratedOut,
  conversationVotes,
  parsePolisConversation,
  serialisePolisConversation,
  type PolisConversation,
  type PolisConversationTexts,
} from './conversation';
export { POLIS_CSV_LIMITS, tableOfRows, writeCsv, type CsvTableText } from './csv';
export {
  buildParticipantsVotes,
  exportedGroups,
  parseParticipantsVotesCsv,
  participantsVotesFromTable,
  serialiseParticipantsVotesCsv,
  votesFromParticipantsVotes,
  type PolisParticipantRow,
  type PolisParticipantsVotesFile,
} from './participants-votes';
export { latestVotes, parseVotesCsv, votesFromTable, serialiseVotesCsv, votesInTimeOrder, VOTES_COLUMNS, type PolisVoteRow, type PolisVotesFile } from './votes';
