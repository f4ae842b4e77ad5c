import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/index';
import * as schema from '../db/schema';
import { retentionRules } from './retention';

/**
 * Every table, and whose personal data it holds. A table with residents' or staff data names the
 * retention rules that remove it, or says why it is kept; a module that adds a table adds its line
 * here, so that no personal data is kept without a period by oversight.
 */
type Entry = { holds: 'residents' | 'staff' | 'none'; rules?: string[]; keptBecause?: string };

const INVENTORY: Record<string, Entry> = {
  // Residents
  assistant_conversations: { holds: 'residents', rules: ['assistant.conversations'] },
  assistant_messages: { holds: 'residents', rules: ['assistant.conversations'] },
  assistant_feedback: { holds: 'residents', rules: ['assistant.conversations'] },
  assistant_question_log: { holds: 'residents', rules: ['assistant.question_log', 'assistant.conversations'] },
  assistant_tickets: { holds: 'residents', rules: ['assistant.tickets'] },
  assistant_ticket_messages: { holds: 'residents', rules: ['assistant.tickets'] },
  assistant_whatsapp_deliveries: { holds: 'residents', rules: ['assistant.whatsapp_deliveries', 'assistant.conversations'] },
  jobs: { holds: 'residents', rules: ['assistant.whatsapp_outbox'] },
  // Staff
  sessions: { holds: 'staff', rules: ['accounts.sessions'] },
  login_throttles: { holds: 'staff', rules: ['accounts.login_throttles'] },
  users: { holds: 'staff', keptBecause: 'accounts are deactivated, never deleted: the audit log names them as actors' },
  audit_events: {
    holds: 'staff',
    keptBecause: 'the accountability record: staff ids as actors, never a resident’s words (pruned by the operator, `audit_prune_before`)',
  },
  audit_checkpoints: { holds: 'none' },
  audit_prunes: { holds: 'none' },
  settings: { holds: 'staff', keptBecause: 'the id of whoever last changed a setting, as long as the setting has that value' },
  assistant_documents: { holds: 'staff', keptBecause: 'who wrote and validated a published document, as long as it exists' },
  assistant_document_versions: { holds: 'staff', keptBecause: 'who wrote each version, as long as the document exists' },
  assistant_vocabulary: { holds: 'staff', keptBecause: 'who added a term, as long as it exists' },
  assistant_uploads: { holds: 'staff', keptBecause: 'deleted once its ingestion job has taken it in or refused it' },
  // No personal data
  assistant_passages: { holds: 'none' },
  assistant_passage_embeddings: { holds: 'none' },
  assistant_index_state: { holds: 'none' },
  instance_secrets: { holds: 'none' },
  module_seeds: { holds: 'none' },
  territory_zonings: { holds: 'none' },
  territory_zones: { holds: 'none' },
  territory_zone_parents: { holds: 'none' },
  territory_sources: { holds: 'none' },
  // Participation
  participation_participants: { holds: 'residents', rules: ['participation.participant_tokens', 'participation.emails', 'participation.declarations'] },
  participation_statements: { holds: 'residents', rules: ['participation.moderation_originals', 'participation.address_keys'] },
  participation_contributions: { holds: 'residents', rules: ['participation.moderation_originals', 'participation.address_keys', 'participation.declarations'] },
  participation_rate_counters: { holds: 'residents', rules: ['participation.rate_counters'] },
  participation_votes: {
    holds: 'residents',
    keptBecause: 'the consultation’s open data, under pseudonymous numbers; no longer linked to any browser once the tokens go (participation.participant_tokens)',
  },
  participation_vote_events: { holds: 'residents', keptBecause: 'the same votes in the order cast (Pol.is’s votes.csv), as long as the consultation exists' },
  participation_flags: { holds: 'residents', keptBecause: 'a pseudonymous participant’s report on an item, as long as the consultation exists' },
  participation_opinion_groups: { holds: 'residents', keptBecause: 'the published map: pseudonymous participant numbers and positions, recomputed from the votes' },
  participation_syntheses: { holds: 'residents', keptBecause: 'the published synthesis quotes published (masked) contributions; staff ids of its editors' },
  participation_imports: {
    holds: 'residents',
    keptBecause: 'the source of imported contributions (a transcript their offsets point into), as long as the consultation exists',
  },
  participation_consultations: { holds: 'staff', keptBecause: 'who created the consultation, as long as it exists' },
  // Public space
  public_space_followers: { holds: 'residents', rules: ['public-space.contacts'] },
  public_space_reports: {
    holds: 'residents',
    rules: ['public-space.description_originals'],
    keptBecause: 'public records of the public space: category, place, masked description and dates; the text as written goes by its rule',
  },
  public_space_photos: { holds: 'residents', rules: ['public-space.pending_uploads'], keptBecause: 'photos of the public space, metadata removed, faces and plates blacked out on request; kept with their report' },
  public_space_rate_counters: { holds: 'residents', rules: ['public-space.rate_counters'] },
  public_space_report_events: { holds: 'staff', keptBecause: 'the report’s history: staff ids as actors, their notes and public updates, as long as the report exists' },
  public_space_saved_views: { holds: 'staff', keptBecause: 'an agent’s saved filters, as long as they keep them' },
  public_space_api_keys: { holds: 'staff', keptBecause: 'who issued an Open311 key (its hash only), kept revoked for the audit trail' },
  public_space_surveys: { holds: 'staff', keptBecause: 'the agent who recorded a cleanliness survey, as long as the survey exists' },
  public_space_categories: { holds: 'none' },
  public_space_teams: { holds: 'none' },
  public_space_sensitive_layers: { holds: 'none' },
  public_space_sensitive_features: { holds: 'none' },
  public_space_addresses: { holds: 'none' },
  // Assemblies
  assembly_volunteers: { holds: 'residents', rules: ['assemblies.volunteers'] },
  assembly_distributions: { holds: 'staff', keptBecause: 'who computed a distribution; volunteers appear under random pseudonyms only' },
  assembly_draws: { holds: 'staff', keptBecause: 'the public record of the draw (pseudonyms only) and who announced and drew it' },
  assembly_replacements: { holds: 'staff', keptBecause: 'the public record of replacements (pseudonyms only) and who drew them' },
  assemblies: { holds: 'staff', keptBecause: 'who created the assembly, as long as it exists' },
  communication_sessions: { holds: 'staff', keptBecause: 'who created the council session; acts are published permanently, as the law requires' },
  communication_acts: { holds: 'staff', keptBecause: 'who imported the act; a published act stays online permanently (CGCT L. 2131-1); its text names councillors as the law publishes them' },
  communication_act_files: { holds: 'none' },
  // Observatory
  observatory_imports: { holds: 'staff', keptBecause: 'who imported a file of public statistics, as long as its values exist' },
  observatory_zone_reviews: { holds: 'staff', keptBecause: 'who accepted or set aside a proposed priority zone, and why: the decision’s record' },
  observatory_sources: { holds: 'none' },
  observatory_indicators: { holds: 'none' },
  observatory_values: { holds: 'none' },
  observatory_references: { holds: 'none' },
  observatory_data_version: { holds: 'none' },
  // Communication (alerts)
  communication_alert_subscriptions: { holds: 'residents', rules: ['communication.alert_unconfirmed', 'communication.alert_unsubscribed'] },
  communication_alert_outbox: { holds: 'residents', rules: ['communication.alert_messages'] },
  communication_alert_rate_counters: { holds: 'residents', rules: ['communication.alert_rate_counters'] },
  communication_alert_notices: { holds: 'none' },
  communication_alert_vapid: { holds: 'none' },
  communication_news: { holds: 'staff', keptBecause: 'who wrote a news item, as long as it exists' },
  // Communication: budget and agenda
  communication_budget_documents: { holds: 'staff', keptBecause: 'who imported a public budget document, as long as it exists' },
  communication_budget_lines: { holds: 'none' },
  communication_agenda_events: { holds: 'staff', keptBecause: 'who wrote a public event, as long as it exists' },
};

const tables = Object.values(schema)
  .filter((v) => is(v, PgTable))
  .map((t) => getTableName(t as PgTable));

describe('personal data inventory', () => {
  it('classifies every table', () => {
    const missing = tables.filter((t) => !(t in INVENTORY));
    expect(missing, 'add these tables to INVENTORY, with the retention rules that remove their personal data').toEqual([]);
    expect(Object.keys(INVENTORY).filter((t) => !tables.includes(t)), 'tables that no longer exist').toEqual([]);
  });

  it('gives every table with personal data a retention rule that exists, or a reason to keep it', () => {
    const declared = new Set(retentionRules(MODULES).map((r) => r.rule.id));
    for (const [table, entry] of Object.entries(INVENTORY)) {
      if (entry.holds === 'none') continue;
      expect(entry.rules?.length || entry.keptBecause, table).toBeTruthy();
      for (const rule of entry.rules ?? []) expect(declared.has(rule), `${table}: rule ${rule}`).toBe(true);
    }
    // Every declared rule covers some table.
    const used = new Set(Object.values(INVENTORY).flatMap((e) => e.rules ?? []));
    expect([...declared].filter((r) => !used.has(r))).toEqual([]);
  });
});
