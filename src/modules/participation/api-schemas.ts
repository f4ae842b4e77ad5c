/**
 * The participation module's API shapes, in zod: the routes validate requests and responses with
 * them, and the web imports their inferred types. Pure zod, no Node import. Every text field of a
 * request is the shared text type (`platform/validation/text.ts`); bodies are strict objects.
 */
import { z } from 'zod';
import { email, line, paragraph, text, token } from '../../platform/validation/text';
import { AGE_BAND_IDS } from './age-bands';

// ---- Enumerations ------------------------------------------------------------------------------

export const CONSULTATION_PHASES = ['draft', 'open', 'closed', 'synthesis_published'] as const;
export const MODERATION_MODES = ['before', 'after'] as const;
export const ITEM_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const MODERATION_REASONS = ['abuse', 'spam', 'personal_data', 'off_topic', 'duplicate', 'other'] as const;
export const FLAG_REASONS = ['abuse', 'spam', 'personal_data'] as const;
export const VOTE_CHOICES = ['agree', 'disagree', 'pass'] as const;
export const ITEM_TYPES = ['statement', 'contribution'] as const;
export const EXPORT_FILES = [
  'contributions.csv',
  'contributions.json',
  'statements.csv',
  'statements.json',
  'votes.csv',
  'votes.json',
  'groups.csv',
  'groups.json',
  'synthesis.json',
  'synthesis.csv',
  'polis-comments.csv',
  'polis-votes.csv',
  'polis-participants-votes.csv',
] as const;

export const phaseSchema = z.enum(CONSULTATION_PHASES);
export const moderationModeSchema = z.enum(MODERATION_MODES);
export const itemStatusSchema = z.enum(ITEM_STATUSES);
export const moderationReasonSchema = z.enum(MODERATION_REASONS);
export const flagReasonSchema = z.enum(FLAG_REASONS);
export const voteChoiceSchema = z.enum(VOTE_CHOICES);
export const itemTypeSchema = z.enum(ITEM_TYPES);
export const ageBandSchema = z.enum(AGE_BAND_IDS);
export const exportFileSchema = z.enum(EXPORT_FILES);

/** Lengths residents may write. */
export const STATEMENT_MAX_LENGTH = 280;
export const CONTRIBUTION_MAX_LENGTH = 2000;

const ZONE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ZONING_CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const zoneCodeSchema = token(64, ZONE_CODE);
const zoningCodeSchema = token(63, ZONING_CODE);
const bilingual = z.object({ fr: z.string(), en: z.string() });
const isoDateTime = z.iso.datetime({ offset: true });

// ---- Shared response parts ---------------------------------------------------------------------

export const zoneRefSchema = z.object({ code: z.string(), name: z.string() });

export const formsSchema = z.object({
  statements: z.boolean().describe('Statements to vote on'),
  contributions: z.boolean().describe('Free contributions'),
  participantStatements: z.boolean().describe('Participants may propose statements (moderated)'),
});

export const countsSchema = z.object({
  participants: z.number().int(),
  votes: z.number().int(),
  statements: z.number().int().describe('Published statements'),
  contributions: z.number().int().describe('Published contributions'),
});

export const consultationSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  question: z.string(),
  phase: phaseSchema,
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  synthesisPublishedAt: z.string().nullable(),
  forms: formsSchema,
  counts: countsSchema,
  demo: z.boolean(),
  /** The CC BY 4.0 attribution of imported Pol.is data, to show with the consultation; null without such data. */
  attribution: z.string().nullable(),
});

export const participantViewSchema = z.object({
  number: z.number().int().describe('The participant’s pseudonymous number in this consultation (Pol.is `participant`)'),
  district: z.string().nullable(),
  ageBand: ageBandSchema.nullable(),
  emailGiven: z.boolean(),
  emailConfirmed: z.boolean(),
  votes: z.number().int(),
  statementsSubmitted: z.number().int(),
  contributionsSubmitted: z.number().int(),
});

export const ageBandOptionSchema = z.object({ id: ageBandSchema, label: bilingual });

export const publicConsultationSchema = consultationSummarySchema.extend({
  description: z.string().describe('Markdown'),
  moderationMode: moderationModeSchema,
  scope: z.array(zoneRefSchema).describe('Districts the consultation concerns; empty: the whole territory'),
  districts: z.array(zoneRefSchema).describe('The districts a participant may declare'),
  ageBands: z.array(ageBandOptionSchema),
  /** Why the district and age band are asked, and that they are optional: shown beside the fields. */
  declarationNotice: bilingual,
  assemblyId: z.uuid().nullable(),
  me: participantViewSchema.nullable().describe('The caller as a participant (cookie), or null'),
});

export const tallySchema = z.object({ agree: z.number().int(), disagree: z.number().int(), pass: z.number().int() });

export const publicStatementSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  text: z.string(),
  isMeta: z.boolean(),
  status: itemStatusSchema.describe('pending only in consultations moderated after publication'),
  tally: tallySchema,
  myVote: voteChoiceSchema.nullable(),
});

export const publicContributionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  text: z.string(),
  origin: z.enum(['resident', 'survey', 'interview', 'staff', 'seed']),
  createdAt: z.string(),
});

// ---- Public requests ---------------------------------------------------------------------------

export const consultationParams = z.strictObject({ id: z.uuid() });
export const statementParams = z.strictObject({ id: z.uuid(), statementId: z.uuid() });

export const declarationsBody = z.strictObject({
  district: zoneCodeSchema.nullable().optional().describe('A district code of the consultation (optional)'),
  ageBand: ageBandSchema.nullable().optional().describe('An age band (optional)'),
});

export const voteBody = z.strictObject({ vote: voteChoiceSchema });
export const statementBody = z.strictObject({ text: line(STATEMENT_MAX_LENGTH) });
export const contributionBody = z.strictObject({ text: paragraph(CONTRIBUTION_MAX_LENGTH) });
export const flagBody = z.strictObject({ itemType: itemTypeSchema, itemId: z.uuid(), reason: flagReasonSchema });
export const emailBody = z.strictObject({ email: email(254) });
export const confirmEmailBody = z.strictObject({ token: token(100, /^[A-Za-z0-9_-]+$/) });
export const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- Public responses --------------------------------------------------------------------------

export const consultationListSchema = z.object({ items: z.array(consultationSummarySchema) });
export const statementListSchema = z.object({ items: z.array(publicStatementSchema) });
export const contributionPageSchema = z.object({ items: z.array(publicContributionSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const nextStatementSchema = z.object({
  statement: publicStatementSchema.nullable().describe('Null when the participant has voted on every published statement'),
  remaining: z.number().int(),
  voted: z.number().int(),
});
export const voteResultSchema = z.object({
  statementId: z.uuid(),
  vote: voteChoiceSchema,
  previous: voteChoiceSchema.nullable().describe('The vote this one replaced, if any'),
});
export const submissionResultSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: itemStatusSchema,
  text: z.string().describe('As published: personal data masked'),
  redacted: z.boolean().describe('Personal data was masked before publication'),
});
export const emailConfirmationResultSchema = z.object({ consultationId: z.uuid(), confirmed: z.literal(true) });

const mapStatementRef = { statementId: z.uuid(), number: z.number().int(), text: z.string() };
const groupShareSchema = z.object({ groupId: z.number().int(), pAgree: z.number(), pDisagree: z.number(), tally: z.object({ agree: z.number(), disagree: z.number(), seen: z.number() }) });

export const opinionGroupsSchema = z.object({
  consultationId: z.uuid(),
  computedAt: z.string().nullable().describe('Null before the first computation'),
  version: z.number().int(),
  stale: z.boolean().describe('Votes came in since the computation; a new one is scheduled'),
  participantsCounted: z.number().int(),
  votesCounted: z.number().int(),
  k: z.number().int(),
  silhouette: z.number().nullable(),
  explainedVariance: z.tuple([z.number(), z.number()]).nullable(),
  participants: z.array(
    z.object({ number: z.number().int(), x: z.number(), y: z.number(), groupId: z.number().int().nullable(), isMe: z.boolean() }),
  ),
  groups: z.array(
    z.object({
      id: z.number().int(),
      size: z.number().int(),
      center: z.tuple([z.number(), z.number()]),
      representative: z.array(
        z.object({
          ...mapStatementRef,
          repful: z.enum(['agree', 'disagree']),
          nSuccess: z.number().int(),
          nTrials: z.number().int(),
          pSuccess: z.number(),
          repness: z.number(),
          zScore: z.number(),
          bestAgree: z.boolean(),
        }),
      ),
    }),
  ),
  consensus: z.array(z.object({ ...mapStatementRef, agreeConsensus: z.number(), disagreeConsensus: z.number(), groups: z.array(groupShareSchema) })),
  divisive: z.array(
    z.object({
      ...mapStatementRef,
      spread: z.number(),
      zScore: z.number(),
      extremity: z.number(),
      mostAgreeingGroupId: z.number().int(),
      leastAgreeingGroupId: z.number().int(),
      groups: z.array(groupShareSchema),
    }),
  ),
  attribution: z.string().nullable(),
});

// ---- Synthesis (the synthesis core's JSON, as published) ----------------------------------------

export const quoteSchema = z.object({ contributionId: z.string(), start: z.number().int(), end: z.number().int(), text: z.string() });
const spreadEntrySchema = z.object({ value: z.string().nullable(), count: z.number().int(), share: z.number(), overallShare: z.number() });
const themeShape = {
  id: z.string(),
  label: z.string(),
  labelOrigin: z.enum(['keywords', 'model', 'person']),
  createdBy: z.enum(['machine', 'person']),
  keywords: z.array(z.string()),
  size: z.number().int(),
  contributionIds: z.array(z.string()),
  representativeIds: z.array(z.string()),
  quotes: z.array(quoteSchema),
  districts: z.array(spreadEntrySchema),
  ageBands: z.array(spreadEntrySchema),
  majorityStance: z.enum(['for', 'against']).nullable(),
  dissent: z.array(z.object({ contributionId: z.string(), stance: z.enum(['for', 'against']), cue: quoteSchema })),
  summary: z.string().nullable().describe("A model's words, never a resident's"),
  claims: z.array(z.object({ text: z.string(), supportingContributionIds: z.array(z.string()), quotes: z.array(quoteSchema) })),
};
export const subThemeSchema = z.object({ ...themeShape, subThemes: z.array(z.never()) });
export const themeSchema = z.object({ ...themeShape, subThemes: z.array(subThemeSchema) });
export const synthesisSchema = z.object({
  schemaVersion: z.literal(1),
  contributionCount: z.number().int(),
  themes: z.array(themeSchema),
  standingAlone: z.array(z.object({ contributionId: z.string(), reason: z.enum(['no-similar-contribution', 'own-group', 'moved-by-person']) })),
  methodology: z.object({
    version: z.string(),
    analyzer: z.string(),
    parameters: z.record(z.string(), z.number()),
    text: bilingual,
  }),
  generation: z.object({
    mode: z.enum(['offline', 'provider', 'fallback']),
    model: z.string().nullable(),
    themesSent: z.number().int(),
    themesImproved: z.number().int(),
    themesFallenBack: z.number().int(),
    claimsProposed: z.number().int(),
    claimsKept: z.number().int(),
    claimsUnsupported: z.number().int(),
    quotesProposed: z.number().int(),
    quotesKept: z.number().int(),
    quotesRejected: z.number().int(),
    errors: z.array(z.string()),
  }),
  personChanges: z.number().int(),
});

export const synthesisEditSchema = z.object({
  at: z.string(),
  action: z.string(),
  description: bilingual,
  by: z.string().nullable().describe('Staff member id (back-office views only; null in public views)'),
});

export const quotedContributionSchema = z.object({ id: z.string(), number: z.number().int(), text: z.string(), district: z.string().nullable(), ageBand: z.string().nullable() });

const dimensionSchema = z.object({
  declared: z.number().int(),
  undeclared: z.number().int(),
  comparable: z.boolean(),
  groups: z.array(
    z.object({
      value: z.string(),
      label: z.string(),
      participants: z.number().int(),
      share: z.number(),
      population: z.number().nullable(),
      populationShare: z.number().nullable(),
      ratio: z.number().nullable(),
      zScore: z.number().nullable(),
      underRepresented: z.boolean(),
      overRepresented: z.boolean(),
    }),
  ),
});

export const representativenessSchema = z.object({
  consultationId: z.uuid(),
  participants: z.number().int(),
  districtZoning: z.string().nullable(),
  districts: dimensionSchema,
  ageBands: dimensionSchema,
  /** Where the population figures come from and their year (the territory module's sources). */
  population: z.object({ year: z.number().int().nullable(), sourceIds: z.array(z.string()), estimated: z.boolean() }),
  method: bilingual,
  underRepresented: z.array(z.object({ dimension: z.enum(['district', 'ageBand']), value: z.string(), label: z.string() })),
});

export const publicSynthesisSchema = z.object({
  consultationId: z.uuid(),
  publishedAt: z.string(),
  synthesis: synthesisSchema,
  /** The contributions the synthesis shows (representatives, quotes, dissent, standing alone), by id. */
  contributions: z.record(z.string(), quotedContributionSchema),
  edits: z.array(synthesisEditSchema).describe('What people changed after the machine, in order'),
  representativeness: representativenessSchema,
  attribution: z.string().nullable(),
});

export const themeContributionsSchema = z.object({
  themeId: z.string(),
  items: z.array(quotedContributionSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export const themeParams = z.strictObject({ id: z.uuid(), themeId: token(64) });

// ---- Back-office requests ----------------------------------------------------------------------

const consultationFields = {
  title: line(200),
  question: line(500),
  description: paragraph(20_000, { min: 0 }),
  opensAt: isoDateTime.nullable(),
  closesAt: isoDateTime.nullable(),
  districtZoning: zoningCodeSchema.nullable().describe('The territory zoning the districts come from; null: the served territory’s district zoning'),
  scopeZoneCodes: z.array(zoneCodeSchema).max(500).describe('Districts concerned; empty: the whole territory'),
  moderationMode: moderationModeSchema.describe('before: nothing is shown before a moderator accepts it; after: shown at once, moderated afterwards'),
  usesStatements: z.boolean(),
  usesContributions: z.boolean(),
  participantStatements: z.boolean(),
  assemblyId: z.uuid().nullable().describe('Reserved: the citizens’ assembly (module assemblies) linked to this consultation'),
};

export const createConsultationBody = z.strictObject({
  ...consultationFields,
  description: consultationFields.description.default(''),
  opensAt: consultationFields.opensAt.default(null),
  closesAt: consultationFields.closesAt.default(null),
  districtZoning: consultationFields.districtZoning.default(null),
  scopeZoneCodes: consultationFields.scopeZoneCodes.default([]),
  moderationMode: consultationFields.moderationMode.default('before'),
  usesStatements: consultationFields.usesStatements.default(true),
  usesContributions: consultationFields.usesContributions.default(true),
  participantStatements: consultationFields.participantStatements.default(true),
  assemblyId: consultationFields.assemblyId.default(null),
});
export const updateConsultationBody = z.strictObject({
  title: consultationFields.title.optional(),
  question: consultationFields.question.optional(),
  description: consultationFields.description.optional(),
  opensAt: consultationFields.opensAt.optional(),
  closesAt: consultationFields.closesAt.optional(),
  districtZoning: consultationFields.districtZoning.optional(),
  scopeZoneCodes: consultationFields.scopeZoneCodes.optional(),
  moderationMode: consultationFields.moderationMode.optional(),
  usesStatements: consultationFields.usesStatements.optional(),
  usesContributions: consultationFields.usesContributions.optional(),
  participantStatements: consultationFields.participantStatements.optional(),
  assemblyId: consultationFields.assemblyId.optional(),
});
export const phaseBody = z.strictObject({ phase: phaseSchema });
export const staffStatementBody = z.strictObject({ text: line(STATEMENT_MAX_LENGTH), isMeta: z.boolean().default(false) });
export const moderationQuery = z.strictObject({
  status: z.enum(['pending', 'flagged', 'accepted', 'rejected', 'all']).default('pending'),
  itemType: itemTypeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const moderationParams = z.strictObject({ itemType: itemTypeSchema, itemId: z.uuid() });
export const moderationBody = z
  .strictObject({
    decision: z.enum(['accept', 'reject']),
    reason: moderationReasonSchema.optional().describe('Required to reject'),
    note: paragraph(500, { min: 0 }).optional(),
  })
  .refine((b) => b.decision === 'accept' || b.reason !== undefined, { message: 'A reason is required to reject', path: ['reason'] });
export const statsQuery = z.strictObject({
  from: z.iso.date().optional().describe('Inclusive, YYYY-MM-DD (default: the consultation’s start)'),
  to: z.iso.date().optional().describe('Inclusive, YYYY-MM-DD (default: today)'),
});
export const exportParams = z.strictObject({ id: z.uuid(), file: exportFileSchema });
export const exportQuery = z.strictObject({
  groups: z.enum(['polis', 'computed']).optional().describe('polis-participants-votes.csv: the group-id column from the imported Pol.is data or from our computation (default: polis for imported conversations)'),
});
export const renameThemeBody = z.strictObject({ label: line(80) });
export const mergeThemesBody = z.strictObject({ themeIds: z.array(token(64)).min(2).max(50), label: line(80).optional() });
export const splitThemeBody = z.strictObject({
  parts: z.array(z.strictObject({ contributionIds: z.array(token(64)).min(1).max(10_000), label: line(80).optional() })).min(1).max(20),
});
export const moveContributionsBody = z.strictObject({
  contributionIds: z.array(token(64)).min(1).max(10_000),
  target: z.union([z.strictObject({ themeId: token(64) }), z.strictObject({ standingAlone: z.literal(true) })]),
});
export const jobParams = z.strictObject({ jobId: z.coerce.number().int().min(1) });

/** Multipart fields of the imports (the files are the parts `comments`, `votes`, `participantsVotes`, or `file`). */
export const importOptionsFields = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Report only: nothing is imported'),
  importValidRows: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Import the valid rows when some are malformed (otherwise nothing is imported and the problems are returned)'),
});
export const surveyImportFields = importOptionsFields.extend({
  columns: text({ max: 20_000, min: 1 }).describe('JSON array of the header names of the open questions to import'),
  districtColumn: line(500).optional(),
  ageBandColumn: line(500).optional(),
  sheet: line(200).optional().describe('XLSX: the sheet (default: the first)'),
});
export const interviewImportFields = importOptionsFields.extend({
  skipSpeakers: text({ max: 2000, min: 0 }).optional().describe('JSON array of speaker labels whose turns are not contributions (the interviewer)'),
});

// ---- Back-office responses ---------------------------------------------------------------------

export const adminConsultationSchema = consultationSummarySchema.extend({
  description: z.string(),
  moderationMode: moderationModeSchema,
  districtZoning: z.string().nullable(),
  scopeZoneCodes: z.array(z.string()),
  assemblyId: z.uuid().nullable(),
  polisAttribution: z.boolean(),
  moderation: z.object({ pending: z.number().int(), flagged: z.number().int() }),
  opinionGroups: z.object({ computedAt: z.string().nullable(), stale: z.boolean() }),
  synthesis: z.object({ machineRunAt: z.string().nullable(), publishedAt: z.string().nullable(), personChanges: z.number().int() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const adminConsultationListSchema = z.object({ items: z.array(adminConsultationSchema) });

export const adminStatementSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  text: z.string(),
  originalText: z.string().nullable().describe('For moderators only: the text before personal data was masked'),
  status: itemStatusSchema,
  isMeta: z.boolean(),
  origin: z.enum(['staff', 'resident', 'polis', 'seed']),
  tally: tallySchema,
  createdAt: z.string(),
});

export const moderationItemSchema = z.object({
  itemType: itemTypeSchema,
  id: z.uuid(),
  number: z.number().int(),
  consultationId: z.uuid(),
  text: z.string().describe('As published (personal data masked)'),
  originalText: z.string().nullable().describe('The text as written, when masking changed it: for moderators only'),
  redactions: z.array(z.object({ kind: z.string(), start: z.number().int(), end: z.number().int() })),
  status: itemStatusSchema,
  origin: z.string(),
  participantNumber: z.number().int().nullable(),
  flags: z.object({ abuse: z.number().int(), spam: z.number().int(), personal_data: z.number().int() }),
  moderationReason: moderationReasonSchema.nullable(),
  moderationNote: z.string().nullable(),
  moderatedAt: z.string().nullable(),
  source: z.unknown().nullable().describe('An imported contribution’s file, line and column, or offsets'),
  createdAt: z.string(),
});
export const moderationQueueSchema = z.object({ items: z.array(moderationItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const statsSchema = z.object({
  consultationId: z.uuid(),
  totals: z.object({
    participants: z.number().int(),
    participantsWhoVoted: z.number().int(),
    votes: z.number().int(),
    voteEvents: z.number().int(),
    statements: z.number().int(),
    contributions: z.number().int(),
    emailConfirmed: z.number().int(),
    pendingModeration: z.number().int(),
  }),
  perDay: z.array(z.object({ day: z.string(), participants: z.number().int(), votes: z.number().int(), contributions: z.number().int(), statements: z.number().int() })),
  perDistrict: z.array(
    z.object({ district: z.string().nullable(), name: z.string().nullable(), participants: z.number().int(), votes: z.number().int(), contributions: z.number().int() }),
  ),
});

export const importProblemSchema = z.object({
  file: z.string().nullable(),
  line: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export const importReportSchema = z.object({
  importId: z.uuid().nullable(),
  imported: z.boolean(),
  kind: z.enum(['polis', 'survey', 'interview']),
  filename: z.string(),
  rows: z.number().int().describe('Data rows (or passages) read'),
  problems: z.array(importProblemSchema),
  counts: z.object({
    participants: z.number().int(),
    statements: z.number().int(),
    votes: z.number().int(),
    voteEvents: z.number().int(),
    contributions: z.number().int(),
  }),
  /** Surveys: the columns, for the user to pick the open questions, and the first rows. */
  preview: z.object({ sheets: z.array(z.string()), header: z.array(z.string()), sample: z.array(z.array(z.string())) }).nullable(),
});
export const importListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), kind: z.enum(['polis', 'survey', 'interview']), filename: z.string(), format: z.string(), report: z.unknown(), createdAt: z.string() })),
});

export const adminSynthesisSchema = z.object({
  consultationId: z.uuid(),
  synthesis: synthesisSchema.nullable(),
  machineRunAt: z.string().nullable(),
  runs: z.number().int(),
  updatedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  edits: z.array(synthesisEditSchema),
  contributions: z.record(z.string(), quotedContributionSchema),
});

export const jobAcceptedSchema = z.object({ jobId: z.number().int(), status: z.string() });
export const jobViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.string(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

// ---- Types for the web -------------------------------------------------------------------------

export type ConsultationPhase = z.infer<typeof phaseSchema>;
export type ModerationMode = z.infer<typeof moderationModeSchema>;
export type ItemStatus = z.infer<typeof itemStatusSchema>;
export type ModerationReason = z.infer<typeof moderationReasonSchema>;
export type FlagReason = z.infer<typeof flagReasonSchema>;
export type VoteChoice = z.infer<typeof voteChoiceSchema>;
export type ItemType = z.infer<typeof itemTypeSchema>;
export type ExportFile = z.infer<typeof exportFileSchema>;
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;
export type PublicConsultation = z.infer<typeof publicConsultationSchema>;
export type ParticipantView = z.infer<typeof participantViewSchema>;
export type PublicStatement = z.infer<typeof publicStatementSchema>;
export type PublicContribution = z.infer<typeof publicContributionSchema>;
export type NextStatement = z.infer<typeof nextStatementSchema>;
export type VoteResult = z.infer<typeof voteResultSchema>;
export type SubmissionResult = z.infer<typeof submissionResultSchema>;
export type OpinionGroupsView = z.infer<typeof opinionGroupsSchema>;
export type PublicSynthesis = z.infer<typeof publicSynthesisSchema>;
export type SynthesisView = z.infer<typeof synthesisSchema>;
export type SynthesisEdit = z.infer<typeof synthesisEditSchema>;
export type QuotedContribution = z.infer<typeof quotedContributionSchema>;
export type ThemeContributions = z.infer<typeof themeContributionsSchema>;
export type Representativeness = z.infer<typeof representativenessSchema>;
export type AdminConsultation = z.infer<typeof adminConsultationSchema>;
export type AdminStatement = z.infer<typeof adminStatementSchema>;
export type ModerationItem = z.infer<typeof moderationItemSchema>;
export type ModerationQueue = z.infer<typeof moderationQueueSchema>;
export type ConsultationStats = z.infer<typeof statsSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportProblem = z.infer<typeof importProblemSchema>;
export type AdminSynthesis = z.infer<typeof adminSynthesisSchema>;
export type JobView = z.infer<typeof jobViewSchema>;
export type CreateConsultationInput = z.input<typeof createConsultationBody>;
export type UpdateConsultationInput = z.input<typeof updateConsultationBody>;
export type DeclarationsInput = z.input<typeof declarationsBody>;
export type ModerationDecisionInput = z.input<typeof moderationBody>;
