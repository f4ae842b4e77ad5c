/**
 * The shapes of the opinion-groups computation: what the participation service hands in (a
 * sparse list of votes, the moderated-out statements, the state the last run left) and what it
 * gets back (map, groups, representative statements, consensus, routing priorities, next state).
 */

/** 1 agree, -1 disagree, 0 pass (Pol.is's open-data convention). */
export type VoteValue = 1 | -1 | 0;

/** A participant's or a statement's id as the service stores it; numbers sort numerically. */
export type Id = string | number;

export interface Vote {
  participantId: Id;
  statementId: Id;
  vote: VoteValue;
}

export interface OpinionGroupsOptions {
  /** Fine clusters the participants are first cut into (Pol.is: 100). */
  baseK: number;
  /** Most opinion groups (Pol.is: 5; fewer while there are few fine clusters, see `maxGroupsFor`). */
  maxK: number;
  /** Rounds of k-means for the fine clusters (Pol.is: 100) and for the groups (Pol.is: 20). */
  baseIterations: number;
  groupIterations: number;
  /** A k must win the silhouette this many runs in a row before the groups change to it (Pol.is: 4). */
  kBuffer: number;
  /**
   * Extra k-means++ starts tried for a grouping that has no previous run to start from, the one
   * of least inertia kept (0: Pol.is's single start from the first fine clusters).
   */
  groupRestarts: number;
  /** Votes a participant needs to be grouped, or all statements when there are fewer (Pol.is: 7). */
  minVotes: number;
  /** While fewer participants qualify, the most active ones are taken up to this number (Pol.is: 15). */
  greedyParticipants: number;
  /** Power-iteration cap per component; iteration stops earlier once the component is stable. */
  pcaMaxIterations: number;
  pcaTolerance: number;
  /** Seed of the first run's PCA start vector; later runs start from the previous components. */
  seed: number;
}

/** A cluster as the next run needs it: ids, not indices, so that it survives new participants. */
export interface ClusterState {
  id: number;
  members: Id[];
  center: [number, number];
}

/** A group clustering's members are fine-cluster ids. */
export interface GroupClusterState {
  id: number;
  members: number[];
  center: [number, number];
}

export interface KSmootherState {
  lastK: number;
  lastKCount: number;
  smoothedK: number;
}

/**
 * What a run leaves for the next one, JSON-serialisable: who is "in the conversation" (once in,
 * always in), the principal components to start from, the fine clusters and every candidate
 * group clustering to seed k-means with, and the k smoother. Every part is optional: a state
 * holding only `inConversation` is valid.
 */
export interface OpinionGroupsState {
  inConversation: Id[];
  pca?: { statementIds: Id[]; components: [number[], number[]] };
  baseClusters?: ClusterState[];
  groupClusterings?: Record<string, GroupClusterState[]>;
  kSmoother?: KSmootherState;
}

export interface OpinionGroupsInput {
  votes: readonly Vote[];
  /** Statements moderated out (Pol.is `moderated = -1`, and meta statements). */
  moderatedOut?: Iterable<Id>;
  /** The previous run's result (or only its state), for stable groups from one run to the next. */
  previous?: { state: OpinionGroupsState } | null;
  options?: Partial<OpinionGroupsOptions>;
}

export interface ParticipantPosition {
  id: Id;
  x: number;
  y: number;
  /** Votes cast, passes and votes on moderated-out statements included (what "enough votes" counts). */
  voteCount: number;
  groupId: number | null;
}

export interface OpinionGroup {
  id: number;
  members: Id[];
  /** Weighted centre of the group's fine clusters in the (x, y) map. */
  center: [number, number];
}

export interface VoteTally {
  agree: number;
  disagree: number;
  /** Votes of any kind, passes included. */
  seen: number;
}

export interface RepresentativeStatement {
  statementId: Id;
  repful: 'agree' | 'disagree';
  /** Group members who voted the repful way, and who voted at all. */
  nSuccess: number;
  nTrials: number;
  /** (nSuccess + 1) / (nTrials + 2). */
  pSuccess: number;
  /** One-proportion z statistic of pSuccess against 1/2. */
  pTest: number;
  /** pSuccess over the same probability outside the group. */
  repness: number;
  /** Two-proportion z statistic, group against the other groups. */
  zScore: number;
  /** repness × zScore × pSuccess × pTest, Pol.is's ranking metric. */
  repnessScore: number;
  /** Chosen as the group's best "agree" statement (Pol.is puts it first). */
  bestAgree: boolean;
  inGroup: VoteTally;
  outside: VoteTally;
}

export interface GroupRepness {
  groupId: number;
  statements: RepresentativeStatement[];
}

export interface GroupShare {
  groupId: number;
  tally: VoteTally;
  /** (agree + 1) / (seen + 2) and (disagree + 1) / (seen + 2). */
  pAgree: number;
  pDisagree: number;
}

export interface ConsensusStatement {
  statementId: Id;
  /** Product over groups of pAgree (Pol.is's group-informed consensus). */
  agreeConsensus: number;
  /** Product over groups of pDisagree. */
  disagreeConsensus: number;
  groups: GroupShare[];
}

export interface DivisiveStatement {
  statementId: Id;
  /** pAgree of the most agreeing group minus that of the least agreeing one. */
  spread: number;
  mostAgreeingGroupId: number;
  leastAgreeingGroupId: number;
  /** Two-proportion z statistic of agreement, most against least agreeing group. */
  zScore: number;
  /** Distance of the statement from the centre of the map (Pol.is's comment extremity). */
  extremity: number;
  groups: GroupShare[];
}

export interface StatementStats {
  statementId: Id;
  moderatedOut: boolean;
  /** Votes of grouped participants (what Pol.is's routing counts). */
  tally: VoteTally;
  pass: number;
  extremity: number;
  /** Weight for the next-statement chooser (see routing.ts). */
  priority: number;
}

export interface OpinionGroupsResult {
  pca: {
    statementIds: Id[];
    /** Mean vote per statement (0 for moderated-out ones). */
    center: number[];
    components: [number[], number[]];
    /** Share of the total variance each component explains. */
    explainedVariance: [number, number];
  };
  participants: ParticipantPosition[];
  groups: OpinionGroup[];
  k: number;
  /** Silhouette of the chosen grouping, computed on the fine clusters as Pol.is does (-1…1). */
  silhouette: number;
  /** Silhouette of each candidate k that was tried. */
  silhouettes: Record<string, number>;
  repness: GroupRepness[];
  /** All statements not moderated out, most consensual first. */
  consensus: ConsensusStatement[];
  /** Statements on which groups differ significantly, most divisive first. */
  divisive: DivisiveStatement[];
  statements: StatementStats[];
  state: OpinionGroupsState;
}
