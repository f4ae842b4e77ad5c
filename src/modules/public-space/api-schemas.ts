/**
 * The public space module's API shapes, in zod: the routes validate requests and responses with
 * them, and the web imports their inferred types. Pure zod, no Node import. Every text field of a
 * request is the shared text type (`platform/validation/text.ts`); bodies are strict objects.
 */
import { z } from 'zod';
import { email, line, paragraph, text, token } from '../../platform/validation/text';

// ---- Enumerations ------------------------------------------------------------------------------

/** DansMaRue's states of a report. */
export const REPORT_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'done', 'rejected', 'under_watch', 'archived'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** States in which a report is still being dealt with (Open311 `open`). */
export const OPEN_STATUSES = ['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch'] as const satisfies readonly ReportStatus[];
export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];
export const TEAM_KINDS = ['service', 'team', 'contractor'] as const;
export const POSITION_SOURCES = ['map', 'device', 'address'] as const;
export const REPORT_SOURCES = ['web', 'open311', 'staff', 'import', 'demo'] as const;
export const REJECT_REASONS = ['duplicate', 'not_public_space', 'not_our_competence', 'unfounded', 'abusive', 'other'] as const;
/** The AVPU's categories of objective cleanliness indicators. */
export const CLEANLINESS_CATEGORIES = [
  'papers_packaging',
  'glass',
  'cigarette_butts',
  'dog_fouling',
  'illegal_dumps',
  'rubbish_bags',
  'dead_leaves',
  'tags_posters',
  'stuck_soiling',
  'food_waste',
] as const;
export type CleanlinessCategory = (typeof CLEANLINESS_CATEGORIES)[number];
export const CLEANLINESS_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type CleanlinessGrade = (typeof CLEANLINESS_GRADES)[number];

const isoDateTime = z.iso.datetime({ offset: true });
const uuid = z.uuid();
export const CATEGORY_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const categoryCode = token(64, CATEGORY_CODE_PATTERN);
const attributeCode = token(64, /^[A-Za-z0-9_-]{1,64}$/);
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
export const lngLatSchema = z.strictObject({ lng, lat });
export type LngLatBody = z.infer<typeof lngLatSchema>;

// ---- Categories --------------------------------------------------------------------------------

export const attributeValueOption = z.strictObject({ key: token(100, /^[A-Za-z0-9_.:-]{1,100}$/), name: line(200) });
/** An extra question of a category, as Open311 describes service attributes. */
export const categoryAttributeSchema = z.strictObject({
  code: attributeCode,
  datatype: z.enum(ATTRIBUTE_DATATYPES),
  required: z.boolean(),
  /** Shown to the resident as the question. */
  description: line(300),
  /** Open311's `datatype_description`: a hint about the expected value. */
  datatypeDescription: text({ max: 300 }).nullable().default(null),
  order: z.number().int().min(0).max(1000),
  /** For the list types only. */
  values: z.array(attributeValueOption).max(100).default([]),
});
export type CategoryAttribute = z.infer<typeof categoryAttributeSchema>;

export const responseTemplateSchema = z.strictObject({
  id: token(64, /^[a-z0-9_-]{1,64}$/),
  title: line(120),
  text: paragraph(2000),
  /** When set, offered for this status change. */
  status: z.enum(REPORT_STATUSES).nullable().default(null),
});
export type ResponseTemplate = z.infer<typeof responseTemplateSchema>;

const categoryFields = {
  parentCode: categoryCode.nullable(),
  nameFr: line(120),
  nameEn: line(120).nullable(),
  description: text({ max: 1000, multiline: true }),
  keywords: z.array(line(60)).max(30),
  attributes: z.array(categoryAttributeSchema).max(30),
  photoRequired: z.boolean(),
  anonymousAllowed: z.boolean(),
  routingTeamId: uuid.nullable(),
  defaultPriority: z.enum(PRIORITY_LEVELS),
  responseTemplates: z.array(responseTemplateSchema).max(30),
  active: z.boolean(),
  sortOrder: z.number().int().min(0).max(100_000),
};
export const createCategoryBody = z.strictObject({ code: categoryCode, ...categoryFields });
export const updateCategoryBody = z.strictObject(categoryFields).partial();
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;

export const adminCategorySchema = z.object({
  id: z.string(),
  code: z.string(),
  parentCode: z.string().nullable(),
  nameFr: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  keywords: z.array(z.string()),
  attributes: z.array(categoryAttributeSchema),
  photoRequired: z.boolean(),
  anonymousAllowed: z.boolean(),
  routingTeamId: z.string().nullable(),
  defaultPriority: z.enum(PRIORITY_LEVELS),
  responseTemplates: z.array(responseTemplateSchema),
  active: z.boolean(),
  sortOrder: z.number(),
  demo: z.boolean(),
  openReports: z.number(),
});
export type AdminCategory = z.infer<typeof adminCategorySchema>;

export const publicCategorySchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  attributes: z.array(categoryAttributeSchema),
  photoRequired: z.boolean(),
  anonymousAllowed: z.boolean(),
  /** Leaf categories are the ones a report is filed under; parents group them. */
  selectable: z.boolean(),
});
export type PublicCategory = z.infer<typeof publicCategorySchema>;
export const publicCategoryListSchema = z.object({ items: z.array(publicCategorySchema), demo: z.boolean() });
export const adminCategoryListSchema = z.object({ items: z.array(adminCategorySchema) });
export const categoryParams = z.strictObject({ code: categoryCode });

// ---- Teams -------------------------------------------------------------------------------------

export const teamBody = z.strictObject({
  code: token(64, /^[a-z0-9][a-z0-9_-]{0,63}$/),
  name: line(120),
  kind: z.enum(TEAM_KINDS),
  email: email().nullable(),
  active: z.boolean(),
});
export const updateTeamBody = teamBody.omit({ code: true }).partial();
export const teamSchema = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(TEAM_KINDS), email: z.string().nullable(), active: z.boolean(), demo: z.boolean() });
export type Team = z.infer<typeof teamSchema>;
export const teamListSchema = z.object({ items: z.array(teamSchema) });
export const idParams = z.strictObject({ id: uuid });

// ---- Photos ------------------------------------------------------------------------------------

/** A photo stored after its metadata was stripped, not yet attached to a report. */
export const photoUploadSchema = z.object({
  id: z.string(),
  /** Proves the uploader's right to attach it (the upload is not listed anywhere). */
  token: z.string(),
  width: z.number(),
  height: z.number(),
  format: z.string(),
  expiresAt: isoDateTime,
});
export type PhotoUpload = z.infer<typeof photoUploadSchema>;
export const photoRefBody = z.strictObject({ id: uuid, token: token(100, /^[A-Za-z0-9_-]{20,100}$/) });
export const photoSchema = z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number(), blackedOut: z.number() });
export const photoParams = z.strictObject({ photoId: uuid });
export const blackoutBody = z.strictObject({
  /** Rectangle in pixels of the stored photo (as `width` and `height` give it). */
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

// ---- Reports -----------------------------------------------------------------------------------

/** An answer to a category's question: text, a number, a list key, or several keys. */
export const attributeAnswer = z.union([text({ max: 2000, multiline: true }), z.number(), z.array(token(100, /^[A-Za-z0-9_.:-]{1,100}$/)).max(50)]);
export const contactBody = z.strictObject({
  name: line(120).nullable().default(null),
  email: email().nullable().default(null),
  phone: line(30).nullable().default(null),
});
export type ContactBody = z.infer<typeof contactBody>;

export const submitReportBody = z.strictObject({
  categoryCode,
  description: text({ max: 2000, multiline: true }),
  position: lngLatSchema,
  positionSource: z.enum(POSITION_SOURCES),
  /** An address of the commune's list, when the position came from it. */
  addressId: token(100, /^[A-Za-z0-9_-]{1,100}$/).nullable().default(null),
  attributes: z.record(attributeCode, attributeAnswer).default({}),
  photos: z.array(photoRefBody).max(10).default([]),
  /** Optional: seen by staff only, sealed at rest; needed for notifications. */
  contact: contactBody.nullable().default(null),
  notify: z.boolean().default(false),
  /** The client's own id of this submission (or the `Idempotency-Key` header): a retry creates nothing new. */
  clientId: token(100, /^[A-Za-z0-9_.:-]{8,100}$/).nullable().default(null),
});
export type SubmitReportBody = z.infer<typeof submitReportBody>;

export const historyEntrySchema = z.object({
  at: isoDateTime,
  kind: z.enum(['created', 'status', 'public_update', 'reopen', 'merge']),
  status: z.enum(REPORT_STATUSES).nullable(),
  text: z.string().nullable(),
});
export const districtRefSchema = z.object({ zoning: z.string(), code: z.string(), name: z.string().nullable() });

export const publicReportSchema = z.object({
  /** The public number, also Open311's `service_request_id`. */
  id: z.string(),
  category: z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), parentName: z.string().nullable() }),
  status: z.enum(REPORT_STATUSES),
  open: z.boolean(),
  rejectReason: z.enum(REJECT_REASONS).nullable(),
  /** Personal data masked. */
  description: z.string(),
  position: z.object({ lng: z.number(), lat: z.number() }),
  address: z.string().nullable(),
  district: districtRefSchema.nullable(),
  requestedAt: isoDateTime,
  updatedAt: isoDateTime,
  expectedAt: isoDateTime.nullable(),
  resolvedAt: isoDateTime.nullable(),
  followers: z.number(),
  photos: z.array(photoSchema),
  history: z.array(historyEntrySchema),
  /** When merged as a duplicate: the report it was merged into. */
  mergedInto: z.string().nullable(),
  demo: z.boolean(),
});
export type PublicReport = z.infer<typeof publicReportSchema>;

export const trackingSchema = z.object({ token: z.string(), path: z.string() });
export const submitResultSchema = z.object({
  report: publicReportSchema,
  tracking: trackingSchema,
  /** False when the submission was a retry of one already received (same key). */
  created: z.boolean(),
  /** What the priority scoring saw near the report (sensitive places), for the confirmation page. */
  nearSensitivePlaces: z.array(z.object({ layer: z.string(), name: z.string().nullable(), distanceM: z.number() })),
});
export type SubmitResult = z.infer<typeof submitResultSchema>;

export const nearbyQuery = z.strictObject({
  categoryCode,
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  radiusM: z.coerce.number().int().min(5).max(500).optional(),
});
export const nearbyReportSchema = z.object({
  id: z.string(),
  categoryCode: z.string(),
  status: z.enum(REPORT_STATUSES),
  distanceM: z.number(),
  requestedAt: isoDateTime,
  followers: z.number(),
  description: z.string(),
  photo: photoSchema.nullable(),
});
export const nearbyListSchema = z.object({ radiusM: z.number(), items: z.array(nearbyReportSchema) });
export type NearbyReport = z.infer<typeof nearbyReportSchema>;

export const reportNumberParams = z.strictObject({ number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const followBody = z.strictObject({ contact: contactBody.nullable().default(null), notify: z.boolean().default(false) });
export const followResultSchema = z.object({ report: publicReportSchema, tracking: trackingSchema });
export const trackingParams = z.strictObject({ token: token(200, /^[A-Za-z0-9_.-]{20,200}$/) });
export const trackingViewSchema = z.object({
  report: publicReportSchema,
  role: z.enum(['author', 'follower']),
  notify: z.boolean(),
  /** The resident may say "not fixed" (reopens the report) until this date. */
  reopenableUntil: isoDateTime.nullable(),
});
export const reopenBody = z.strictObject({ comment: text({ max: 1000, multiline: true }).nullable().default(null) });
export const notifyBody = z.strictObject({ notify: z.boolean() });

// ---- Addresses ---------------------------------------------------------------------------------

export const addressQuery = z.strictObject({ q: line(200), limit: z.coerce.number().int().min(1).max(20).default(8) });
export const addressSchema = z.object({ id: z.string(), label: z.string(), lng: z.number(), lat: z.number(), source: z.enum(['addresses', 'geocoder']) });
export const addressListSchema = z.object({ items: z.array(addressSchema) });
export type AddressHit = z.infer<typeof addressSchema>;

// ---- Staff workflow ----------------------------------------------------------------------------

export const triageQuery = z.strictObject({
  status: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional().describe('Comma-separated statuses (default: every open status)'),
  category: z.string().regex(/^[a-z0-9_,-]+$/).optional().describe('Comma-separated category codes (a parent includes its children)'),
  team: uuid.optional(),
  priority: z.enum(PRIORITY_LEVELS).optional(),
  district: token(100, /^[A-Za-z0-9_.-]{1,100}$/).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('A report number'),
  unassigned: z.enum(['true', 'false']).optional(),
  sort: z.enum(['priority', 'oldest', 'newest', 'updated']).default('priority'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TriageQuery = z.infer<typeof triageQuery>;

export const priorityFactorSchema = z.object({
  kind: z.enum(['category', 'sensitive_place', 'followers', 'reopened', 'age']),
  label: z.string(),
  points: z.number(),
  distanceM: z.number().nullable(),
});
export type PriorityFactor = z.infer<typeof priorityFactorSchema>;

export const triageItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  status: z.enum(REPORT_STATUSES),
  priority: z.enum(PRIORITY_LEVELS),
  priorityScore: z.number(),
  address: z.string().nullable(),
  district: z.string().nullable(),
  position: z.object({ lng: z.number(), lat: z.number() }),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  assigneeId: z.string().nullable(),
  requestedAt: isoDateTime,
  updatedAt: isoDateTime,
  followers: z.number(),
  photos: z.number(),
  reopened: z.number(),
  source: z.enum(REPORT_SOURCES),
  demo: z.boolean(),
});
export const triageListSchema = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(triageItemSchema) });
export type TriageItem = z.infer<typeof triageItemSchema>;

export const staffEventSchema = z.object({
  id: z.string(),
  at: isoDateTime,
  kind: z.string(),
  public: z.boolean(),
  statusFrom: z.enum(REPORT_STATUSES).nullable(),
  statusTo: z.enum(REPORT_STATUSES).nullable(),
  text: z.string().nullable(),
  data: z.unknown().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
});
export const staffReportSchema = triageItemSchema.extend({
  description: z.string(),
  /** The text as written when masking changed it. */
  descriptionOriginal: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  rejectReason: z.enum(REJECT_REASONS).nullable(),
  priorityFactors: z.array(priorityFactorSchema),
  priorityOverride: z.enum(PRIORITY_LEVELS).nullable(),
  expectedAt: isoDateTime.nullable(),
  resolvedAt: isoDateTime.nullable(),
  mergedInto: z.string().nullable(),
  hasContact: z.boolean(),
  photosList: z.array(photoSchema.extend({ public: z.boolean() })),
  events: z.array(staffEventSchema),
  /** The statuses this report may move to now. */
  nextStatuses: z.array(z.enum(REPORT_STATUSES)),
  responseTemplates: z.array(responseTemplateSchema),
});
export type StaffReport = z.infer<typeof staffReportSchema>;
export const reportIdParams = z.strictObject({ id: uuid });

export const transitionBody = z.strictObject({
  to: z.enum(REPORT_STATUSES),
  rejectReason: z.enum(REJECT_REASONS).nullable().default(null),
  /** Shown to the public and sent to those who follow the report. */
  publicMessage: text({ max: 2000, multiline: true }).nullable().default(null),
  templateId: token(64, /^[a-z0-9_-]{1,64}$/).nullable().default(null),
  expectedAt: isoDateTime.nullable().default(null),
});
export const assignBody = z.strictObject({ teamId: uuid.nullable(), assigneeId: token(100).nullable().default(null) });
export const noteBody = z.strictObject({ text: paragraph(4000) });
export const editReportBody = z.strictObject({
  categoryCode: categoryCode.optional(),
  position: lngLatSchema.optional(),
  priorityOverride: z.enum(PRIORITY_LEVELS).nullable().optional(),
  description: text({ max: 2000, multiline: true }).optional(),
});
export const mergeBody = z.strictObject({ intoId: uuid });
export const contactSchema = z.object({ items: z.array(z.object({ role: z.enum(['author', 'follower']), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), notify: z.boolean() })) });
export const photoVisibilityBody = z.strictObject({ public: z.boolean() });

export const savedViewBody = z.strictObject({ name: line(80), filters: triageQuery.partial().omit({ page: true }), shared: z.boolean().default(false) });
export const savedViewSchema = z.object({ id: z.string(), name: z.string(), filters: z.record(z.string(), z.unknown()), shared: z.boolean(), mine: z.boolean() });
export const savedViewListSchema = z.object({ items: z.array(savedViewSchema) });

// ---- Open311 API keys --------------------------------------------------------------------------

export const apiKeyBody = z.strictObject({ name: line(120) });
export const apiKeySchema = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: isoDateTime, revokedAt: isoDateTime.nullable(), lastUsedAt: isoDateTime.nullable() });
export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string().describe('Shown once: only its hash is stored') });
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

// ---- Sensitive places --------------------------------------------------------------------------

export const layerFields = z.strictObject({
  code: token(64, /^[a-z0-9][a-z0-9_-]{0,63}$/),
  name: line(120),
  kind: line(60),
  /** Reports closer than this get the layer's weight, scaled down with the distance. */
  radiusM: z.coerce.number().int().min(5).max(5000),
  /** Priority points at distance zero (0–60). */
  weight: z.coerce.number().int().min(0).max(60),
  nameProperty: token(100, /^[A-Za-z0-9_:.-]{1,100}$/).optional(),
  source: line(300).optional(),
});
export const layerSchema = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string(), radiusM: z.number(), weight: z.number(), features: z.number(), source: z.string().nullable(), demo: z.boolean() });
export const layerListSchema = z.object({ items: z.array(layerSchema) });
export const layerImportResultSchema = z.object({ layer: layerSchema, imported: z.number(), skipped: z.array(z.object({ index: z.number(), reason: z.string() })) });

// ---- Imports -----------------------------------------------------------------------------------

export const importResultSchema = z.object({
  imported: z.number(),
  skipped: z.number(),
  problems: z.array(z.object({ line: z.number(), message: z.string() })).max(100),
  seconds: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

// ---- Cleanliness surveys -----------------------------------------------------------------------

export const countsSchema = z.partialRecord(z.enum(CLEANLINESS_CATEGORIES), z.number().int().min(0).max(100_000));
export const surveyBody = z.strictObject({
  zoneCode: token(100, /^[A-Za-z0-9_.-]{1,100}$/),
  segment: line(200).nullable().default(null),
  surveyedAreaM2: z.number().min(1).max(1_000_000),
  surveyedAt: isoDateTime,
  counts: countsSchema,
});
export const surveySchema = z.object({
  id: z.string(),
  zoning: z.string(),
  zoneCode: z.string(),
  segment: z.string().nullable(),
  surveyedAreaM2: z.number(),
  surveyedAt: isoDateTime,
  method: z.enum(['agent', 'automated']),
  counts: countsSchema,
  index: z.number(),
  grade: z.enum(CLEANLINESS_GRADES),
  demo: z.boolean(),
});
export const surveyListSchema = z.object({ items: z.array(surveySchema) });
export const surveyQuery = z.strictObject({ zone: token(100, /^[A-Za-z0-9_.-]{1,100}$/).optional(), from: z.iso.date().optional(), to: z.iso.date().optional() });
export const categoryIndexSchema = z.object({ category: z.enum(CLEANLINESS_CATEGORIES), count: z.number(), per100m2: z.number(), grade: z.enum(CLEANLINESS_GRADES) });
export const sectorIndexSchema = z.object({
  zoneCode: z.string(),
  zoneName: z.string().nullable(),
  surveys: z.number(),
  surveyedAreaM2: z.number(),
  index: z.number().nullable(),
  grade: z.enum(CLEANLINESS_GRADES).nullable(),
  categories: z.array(categoryIndexSchema),
  /** Per month (YYYY-MM), oldest first. */
  trend: z.array(z.object({ month: z.string(), index: z.number(), grade: z.enum(CLEANLINESS_GRADES), surveys: z.number() })),
  /** Cleanliness reports (the categories mapped to the survey's) per 1,000 inhabitants over the same period. */
  reportsPer1000: z.number().nullable(),
  reports: z.number(),
});
export const cleanlinessViewSchema = z.object({
  zoning: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  thresholds: z.array(z.number()),
  overall: z.object({ index: z.number().nullable(), grade: z.enum(CLEANLINESS_GRADES).nullable(), surveys: z.number() }),
  sectors: z.array(sectorIndexSchema),
  /** Spearman's rank correlation between the sectors' index and their report density (null under 4 sectors). */
  surveyVsReports: z.object({ spearman: z.number().nullable(), sectors: z.number() }),
  demo: z.boolean(),
});
export type CleanlinessView = z.infer<typeof cleanlinessViewSchema>;

// ---- Statistics, maps, equity -----------------------------------------------------------------

export const mapQuery = z.strictObject({
  bbox: line(120).optional().describe('minLng,minLat,maxLng,maxLat (decimal degrees)'),
  zoom: z.coerce.number().int().min(0).max(22).default(14),
  category: z.string().regex(/^[a-z0-9_,-]+$/).optional(),
  state: z.enum(['open', 'closed', 'all']).default('open'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type MapQuery = z.infer<typeof mapQuery>;
export const mapItemSchema = z.object({
  kind: z.enum(['cluster', 'report']),
  lng: z.number(),
  lat: z.number(),
  count: z.number(),
  /** For a single report. */
  id: z.string().nullable(),
  categoryCode: z.string().nullable(),
  status: z.enum(REPORT_STATUSES).nullable(),
});
export const mapSchema = z.object({ zoom: z.number(), clustered: z.boolean(), total: z.number(), items: z.array(mapItemSchema) });

export const dashboardSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  totals: z.object({ reports: z.number(), open: z.number(), resolved: z.number(), rejected: z.number(), medianDaysToResolve: z.number().nullable(), reopenedShare: z.number().nullable() }),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), reports: z.number(), open: z.number(), medianDaysToResolve: z.number().nullable() })),
  byMonth: z.array(z.object({ month: z.string(), reports: z.number(), resolved: z.number() })),
  byStatus: z.array(z.object({ status: z.enum(REPORT_STATUSES), reports: z.number() })),
  demo: z.boolean(),
});
export const periodQuery = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });

export const equityDistrictSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  population: z.number().nullable(),
  medianIncome: z.number().nullable(),
  reports: z.number(),
  reportsPer1000: z.number().nullable(),
  resolved: z.number(),
  medianDaysToResolve: z.number().nullable(),
  reopenedShare: z.number().nullable(),
  /** Resolved markedly slower than the rest of the commune (the rule in `rule`). */
  slower: z.boolean(),
  /** The rank test's p-value against the rest (null with too few resolved reports). */
  pValue: z.number().nullable(),
});
export const equitySchema = z.object({
  zoning: z.string().nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  districts: z.array(equityDistrictSchema),
  /** Spearman's correlation between the districts' median income and their median time to resolution (null without incomes). */
  incomeVsResolution: z.object({ spearman: z.number().nullable(), districts: z.number() }),
  rule: z.object({ fr: z.string(), en: z.string() }),
  demo: z.boolean(),
});
export type EquityView = z.infer<typeof equitySchema>;

export const exportParams = z.strictObject({ file: z.enum(['reports.csv', 'reports.geojson']) });
export const exportQuery = z.strictObject({
  category: z.string().regex(/^[a-z0-9_,-]+$/).optional(),
  state: z.enum(['open', 'closed', 'all']).default('all'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

// ---- Settings ----------------------------------------------------------------------------------

export const jobAcceptedSchema = z.object({ jobId: z.number(), status: z.string() });
