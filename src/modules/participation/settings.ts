/** The participation module's settings: submission limits, retention periods, opinion groups, representativeness, synthesis. */
import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/service';

export const LIMITS_KEY = 'participation.limits';
export const RETENTION_KEY = 'participation.retention';
export const OPINION_GROUPS_KEY = 'participation.opinionGroups';
export const REPRESENTATIVENESS_KEY = 'participation.representativeness';
export const SYNTHESIS_KEY = 'participation.synthesis';

const perHour = z.number().int().min(1).max(100_000);

export const limitsSchema = z.strictObject({
  statementsPerParticipantPerHour: perHour,
  statementsPerAddressPerHour: perHour,
  contributionsPerParticipantPerHour: perHour,
  contributionsPerAddressPerHour: perHour,
  participantsPerAddressPerHour: perHour,
  /** Jaccard similarity of character 5-grams from which a submission is refused as a near-duplicate. */
  nearDuplicateThreshold: z.number().min(0.5).max(1),
});
export type LimitsSetting = z.infer<typeof limitsSchema>;

/**
 * A resident writes a few statements and contributions in a sitting; a flood is a script. An
 * address may be a town hall's public terminal or a school's network: it gets several times a
 * participant's share, and a class's worth of new participants per hour.
 */
export const LIMITS_DEFAULTS: LimitsSetting = {
  statementsPerParticipantPerHour: 10,
  statementsPerAddressPerHour: 60,
  contributionsPerParticipantPerHour: 10,
  contributionsPerAddressPerHour: 60,
  participantsPerAddressPerHour: 120,
  nearDuplicateThreshold: 0.8,
};

const days = z.number().int().min(1).max(3650);

export const retentionSchema = z.strictObject({
  /** Cookie tokens (keyed hashes) are erased this many days after the consultation closed: a participant can then no longer come back to change a vote. */
  participantTokensDays: days,
  /** Sealed e-mails (and their keyed hashes) are erased this many days after the consultation closed. */
  emailsDays: days,
  /** Declared districts and age bands are erased this many days after the consultation closed (the published synthesis keeps the aggregate comparison). */
  declarationsDays: days,
  /** Texts as written, kept for moderators when personal data was masked, are erased this many days after the moderation decision. */
  moderationOriginalsDays: days,
  /** Keyed hashes of client addresses on submissions (near-duplicates from one address) are erased after this many days. */
  addressKeysDays: days,
});
export type RetentionSetting = z.infer<typeof retentionSchema>;

/**
 * After the CNIL's guidance on public consultations (keep participants' data for the time of the
 * consultation and its synthesis): a month after closing is time to publish the synthesis and
 * answer questions about it; declarations are kept a little longer, for the synthesis that may
 * follow a few months later; moderators' originals three months after the decision (a contested
 * decision is raised within weeks); addresses a week (they only serve against floods).
 */
export const RETENTION_DEFAULTS: RetentionSetting = {
  participantTokensDays: 30,
  emailsDays: 30,
  declarationsDays: 180,
  moderationOriginalsDays: 90,
  addressKeysDays: 7,
};

export const opinionGroupsSchema = z.strictObject({
  /** Votes are gathered for this long before the groups are computed again (one computation per window). */
  debounceSeconds: z.number().int().min(1).max(3600),
});
export type OpinionGroupsSetting = z.infer<typeof opinionGroupsSchema>;

export const representativenessSettingSchema = z.strictObject({
  /** A group is under-represented when its share of participants is below this fraction of its share of the population (and the gap is significant). */
  ratio: z.number().min(0.1).max(1),
  /** Below this many declarations, nothing is flagged. */
  minDeclarations: z.number().int().min(1).max(100_000),
});
export type RepresentativenessSetting = z.infer<typeof representativenessSettingSchema>;

export const synthesisSettingSchema = z.strictObject({
  /** Use the generation provider (`ai.providers`) when one is configured; the offline synthesis otherwise. */
  useProvider: z.boolean(),
  /** At most this many of the largest themes are sent to the provider. */
  maxThemes: z.number().int().min(1).max(200),
});
export type SynthesisSetting = z.infer<typeof synthesisSettingSchema>;

export const PARTICIPATION_SETTINGS: SettingDefinition[] = [
  { key: LIMITS_KEY, schema: limitsSchema, defaultValue: LIMITS_DEFAULTS } as SettingDefinition,
  { key: RETENTION_KEY, schema: retentionSchema, defaultValue: RETENTION_DEFAULTS } as SettingDefinition,
  { key: OPINION_GROUPS_KEY, schema: opinionGroupsSchema, defaultValue: { debounceSeconds: 15 } } as SettingDefinition,
  { key: REPRESENTATIVENESS_KEY, schema: representativenessSettingSchema, defaultValue: { ratio: 0.75, minDeclarations: 30 } } as SettingDefinition,
  { key: SYNTHESIS_KEY, schema: synthesisSettingSchema, defaultValue: { useProvider: true, maxThemes: 30 } } as SettingDefinition,
];
