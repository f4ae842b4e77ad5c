/**
 * A whole Pol.is open-data conversation: its three files parsed, written back, and the votes the
 * opinion-group computation takes.
 */
import type { Vote } from '../opinion/types';
import { moderatedOutComments, parseCommentsCsv, serialiseCommentsCsv, type PolisCommentsFile } from './comments';
import {
  parseParticipantsVotesCsv,
  serialiseParticipantsVotesCsv,
  votesFromParticipantsVotes,
  type PolisParticipantsVotesFile,
} from './participants-votes';
import { latestVotes, parseVotesCsv, serialiseVotesCsv, type PolisVotesFile } from './votes';

export interface PolisConversationTexts {
  comments: string;
  votes?: string;
  participantsVotes?: string;
}

export interface PolisConversation {
  comments: PolisCommentsFile;
  votes?: PolisVotesFile;
  participantsVotes?: PolisParticipantsVotesFile;
}

export function parsePolisConversation(texts: PolisConversationTexts): PolisConversation {
  return {
    comments: parseCommentsCsv(texts.comments),
    ...(texts.votes !== undefined ? { votes: parseVotesCsv(texts.votes) } : {}),
    ...(texts.participantsVotes !== undefined ? { participantsVotes: parseParticipantsVotesCsv(texts.participantsVotes) } : {}),
  };
}

export function serialisePolisConversation(conversation: PolisConversation): PolisConversationTexts {
  return {
    comments: serialiseCommentsCsv(conversation.comments),
    ...(conversation.votes ? { votes: serialiseVotesCsv(conversation.votes) } : {}),
    ...(conversation.participantsVotes ? { participantsVotes: serialiseParticipantsVotesCsv(conversation.participantsVotes) } : {}),
  };
}

/**
 * The votes that count: the newest per (voter, comment) from `votes.csv`, or, for an export
 * without it, the matrix of `participants-votes.csv` (which holds the same newest votes).
 */
export function conversationVotes(conversation: PolisConversation): Vote[] {
  if (conversation.votes) return latestVotes(conversation.votes.votes);
  if (conversation.participantsVotes) return votesFromParticipantsVotes(conversation.participantsVotes);
  return [];
}

export function conversationModeratedOut(conversation: PolisConversation): number[] {
  return moderatedOutComments(conversation.comments);
}
