/**
 * The public space module's tables (migration drizzle/0014_public_space.sql). No table references
 * itself: a category's parent is a code and a merged report's target an id, checked by the service,
 * so that a restore can insert tables in dependency order.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CategoryAttribute, CleanlinessCategory, PriorityFactor, PriorityLevel, ReportStatus, ResponseTemplate } from './api-schemas';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const publicSpaceTeams = pgTable(
  'public_space_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['service', 'team', 'contractor'] }).notNull(),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('public_space_teams_code_unique').on(t.code), check('public_space_teams_kind_known', sql`${t.kind} in ('service', 'team', 'contractor')`)],
);

export const publicSpaceCategories = pgTable(
  'public_space_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Open311's `service_code`. */
    code: text('code').notNull(),
    parentCode: text('parent_code'),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en'),
    description: text('description').notNull().default(''),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default([]),
    photoRequired: boolean('photo_required').notNull().default(false),
    anonymousAllowed: boolean('anonymous_allowed').notNull().default(true),
    routingTeamId: uuid('routing_team_id').references(() => publicSpaceTeams.id, { onDelete: 'set null' }),
    defaultPriority: text('default_priority').$type<PriorityLevel>().notNull().default('normal'),
    responseTemplates: jsonb('response_templates').$type<ResponseTemplate[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('public_space_categories_code_unique').on(t.code),
    check('public_space_categories_priority_known', sql`${t.defaultPriority} in ('urgent', 'high', 'normal', 'low')`),
  ],
);

export const publicSpaceReportNumbers = pgSequence('public_space_report_numbers', { startWith: 1000 });

export const publicSpaceReports = pgTable(
  'public_space_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public number, Open311's `service_request_id`. */
    number: bigint('number', { mode: 'number' })
      .notNull()
      .default(sql`nextval('public_space_report_numbers')`),
    categoryCode: text('category_code').notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('new'),
    rejectReason: text('reject_reason'),
    /** As published: personal data masked. */
    description: text('description').notNull().default(''),
    /** As written, for staff, when masking changed it. */
    descriptionOriginal: text('description_original'),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** Grid cell of the position (`geo.ts`): nearby reports are found by cells. */
    cell: bigint('cell', { mode: 'number' }).notNull(),
    positionSource: text('position_source').notNull().default('map'),
    address: text('address'),
    addressId: text('address_id'),
    districtZoning: text('district_zoning'),
    districtCode: text('district_code'),
    districtVersion: integer('district_version'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    priorityScore: integer('priority_score').notNull().default(0),
    priorityLevel: text('priority_level').$type<PriorityLevel>().notNull().default('normal'),
    priorityOverride: text('priority_override').$type<PriorityLevel>(),
    priorityFactors: jsonb('priority_factors').$type<PriorityFactor[]>().notNull().default([]),
    assignedTeamId: uuid('assigned_team_id').references(() => publicSpaceTeams.id, { onDelete: 'set null' }),
    assigneeId: text('assignee_id'),
    source: text('source', { enum: ['web', 'open311', 'staff', 'import', 'demo'] }).notNull().default('web'),
    apiKeyId: uuid('api_key_id'),
    /** Keyed hash of the client's submission key (`Idempotency-Key`, `clientId`). */
    submissionKey: text('submission_key'),
    /** Hash of the submission's content: the same key with other content is refused. */
    submissionHash: text('submission_hash'),
    mergedIntoId: uuid('merged_into_id'),
    followersCount: integer('followers_count').notNull().default(1),
    photosCount: integer('photos_count').notNull().default(0),
    reopenedCount: integer('reopened_count').notNull().default(0),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    expectedAt: timestamptz('expected_at'),
    /** First time it reached `done` (kept through reopenings: time to resolution counts from it). */
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [
    unique('public_space_reports_number_unique').on(t.number),
    unique('public_space_reports_submission_key_unique').on(t.submissionKey),
    index('public_space_reports_open_cell_idx')
      .on(t.categoryCode, t.cell)
      .where(sql`${t.status} in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch') AND ${t.mergedIntoId} IS NULL`),
    index('public_space_reports_requested_idx').on(t.requestedAt.desc(), t.number.desc()),
    index('public_space_reports_category_requested_idx').on(t.categoryCode, t.requestedAt.desc(), t.number.desc()),
    index('public_space_reports_open_requested_idx')
      .on(t.requestedAt.desc(), t.number.desc())
      .where(sql`${t.status} in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch')`),
    index('public_space_reports_updated_idx').on(t.updatedAt.desc()),
    index('public_space_reports_status_idx').on(t.status, t.priorityScore.desc(), t.requestedAt),
    index('public_space_reports_district_idx').on(t.districtZoning, t.districtCode),
    index('public_space_reports_merged_idx')
      .on(t.mergedIntoId)
      .where(sql`${t.mergedIntoId} IS NOT NULL`),
    check(
      'public_space_reports_status_known',
      sql`${t.status} in ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'done', 'rejected', 'under_watch', 'archived')`,
    ),
    check(
      'public_space_reports_priority_known',
      sql`${t.priorityLevel} in ('urgent', 'high', 'normal', 'low') AND (${t.priorityOverride} IS NULL OR ${t.priorityOverride} in ('urgent', 'high', 'normal', 'low'))`,
    ),
    check('public_space_reports_position_valid', sql`${t.lng} BETWEEN -180 AND 180 AND ${t.lat} BETWEEN -90 AND 90`),
    check('public_space_reports_source_known', sql`${t.source} in ('web', 'open311', 'staff', 'import', 'demo')`),
  ],
);

export const REPORT_EVENT_KINDS = [
  'created',
  'status',
  'public_update',
  'note',
  'assignment',
  'category',
  'position',
  'priority',
  'merge',
  'reopen',
  'photo',
  'resident_comment',
  'follow',
] as const;
export type ReportEventKind = (typeof REPORT_EVENT_KINDS)[number];

export const publicSpaceReportEvents = pgTable(
  'public_space_report_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => publicSpaceReports.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ReportEventKind>().notNull(),
    /** Shown to the public (status history, public updates); staff notes never are. */
    public: boolean('public').notNull().default(false),
    statusFrom: text('status_from').$type<ReportStatus>(),
    statusTo: text('status_to').$type<ReportStatus>(),
    text: text('text'),
    data: jsonb('data'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    index('public_space_report_events_report_idx').on(t.reportId, t.at),
    index('public_space_report_events_public_at_idx')
      .on(t.at)
      .where(sql`${t.public}`),
    check(
      'public_space_report_events_kind_known',
      sql`${t.kind} in ('created', 'status', 'public_update', 'note', 'assignment', 'category', 'position', 'priority', 'merge', 'reopen', 'photo', 'resident_comment', 'follow')`,
    ),
  ],
);

export const publicSpacePhotos = pgTable(
  'public_space_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null while uploaded and not yet attached to a report. */
    reportId: uuid('report_id').references(() => publicSpaceReports.id, { onDelete: 'cascade' }),
    uploadTokenHash: text('upload_token_hash'),
    /** Re-encoded by libvips, every metadata block dropped. */
    bytes: bytea('bytes').notNull(),
    format: text('format', { enum: ['jpeg', 'webp', 'png'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sha256: text('sha256').notNull(),
    sourceFormat: text('source_format').notNull(),
    /** Rectangles blacked out so far (each re-encoded the image; the previous bytes are gone). */
    blackedOut: integer('blacked_out').notNull().default(0),
    public: boolean('public').notNull().default(true),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('public_space_photos_report_idx').on(t.reportId, t.createdAt),
    index('public_space_photos_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.reportId} IS NULL`),
    check('public_space_photos_format_known', sql`${t.format} in ('jpeg', 'webp', 'png')`),
  ],
);

export const publicSpaceFollowers = pgTable(
  'public_space_followers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => publicSpaceReports.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['author', 'follower'] }).notNull(),
    /** Name, e-mail and phone, sealed with a key derived from the instance key; staff only. */
    contactSealed: text('contact_sealed'),
    notify: boolean('notify').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('public_space_followers_report_idx').on(t.reportId), check('public_space_followers_kind_known', sql`${t.kind} in ('author', 'follower')`)],
);

export const publicSpaceApiKeys = pgTable(
  'public_space_api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** SHA-256 of the key (a random 32-byte key needs no slow hash). */
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [unique('public_space_api_keys_hash_unique').on(t.keyHash)],
);

export const publicSpaceSensitiveLayers = pgTable(
  'public_space_sensitive_layers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    radiusM: integer('radius_m').notNull(),
    weight: integer('weight').notNull(),
    featuresCount: integer('features_count').notNull().default(0),
    source: text('source'),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('public_space_sensitive_layers_code_unique').on(t.code)],
);

export const publicSpaceSensitiveFeatures = pgTable(
  'public_space_sensitive_features',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    layerId: uuid('layer_id')
      .notNull()
      .references(() => publicSpaceSensitiveLayers.id, { onDelete: 'cascade' }),
    name: text('name'),
    geometry: jsonb('geometry').$type<import('./geo').FeatureGeometry>().notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
  },
  (t) => [index('public_space_sensitive_features_bbox_idx').on(t.minLat, t.maxLat)],
);

export const publicSpaceAddresses = pgTable(
  'public_space_addresses',
  {
    /** The Base Adresse Nationale's id (`94080_1234_00012`). */
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    suffix: text('suffix'),
    street: text('street').notNull(),
    postcode: text('postcode'),
    inseeCode: text('insee_code'),
    commune: text('commune'),
    label: text('label').notNull(),
    /** The label folded (lower case, no accents, single spaces), searched by trigrams. */
    search: text('search').notNull(),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    importedAt: timestamptz('imported_at').notNull().defaultNow(),
  },
  (t) => [index('public_space_addresses_search_idx').using('gin', sql`${t.search} gin_trgm_ops`)],
);

export const publicSpaceSavedViews = pgTable(
  'public_space_saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    shared: boolean('shared').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('public_space_saved_views_owner_idx').on(t.ownerId)],
);

export const publicSpaceSurveys = pgTable(
  'public_space_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoning: text('zoning').notNull(),
    zoneCode: text('zone_code').notNull(),
    segment: text('segment'),
    surveyedAreaM2: doublePrecision('surveyed_area_m2').notNull(),
    surveyedAt: timestamptz('surveyed_at').notNull(),
    method: text('method', { enum: ['agent', 'automated'] }).notNull(),
    counts: jsonb('counts').$type<Partial<Record<CleanlinessCategory, number>>>().notNull(),
    agentId: text('agent_id'),
    importRef: text('import_ref'),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('public_space_surveys_zone_idx').on(t.zoning, t.zoneCode, t.surveyedAt),
    check('public_space_surveys_method_known', sql`${t.method} in ('agent', 'automated')`),
    check('public_space_surveys_area_positive', sql`${t.surveyedAreaM2} > 0`),
  ],
);

export const publicSpaceRateCounters = pgTable(
  'public_space_rate_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'public_space_rate_counters_pk', columns: [t.key, t.windowStart] })],
);
