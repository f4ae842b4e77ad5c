/**
 * Residents' side of reports, without an account: submit (idempotent, rate-limited, inside the
 * territory), see the open reports of the same category nearby and follow one instead, follow a
 * report through a private link, say "not fixed".
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem, notFound, type FieldError } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { redactPersonalData } from '../../platform/privacy/redact';
import type { ContactBody, NearbyReport, PublicReport, SubmitReportBody, SubmitResult } from './api-schemas';
import { checkAttributes } from './attributes';
import {
  categoryCatalogue,
  countOrRefuse,
  isUniqueViolation,
  loadReport,
  loadReportByNumber,
  noteReportsChanged,
  photoUrl,
  publicReports,
  queryAll,
  selectableCategory,
  type Caller,
  type CategoryRow,
  type ReportRow,
} from './common';
import { boxAround, cellOf, cellsAround, distanceToGeometry, METRES_PER_DEGREE, type FeatureGeometry, type LngLat } from './geo';
import { publicSpaceKeys } from './keys';
import { enqueueNotifications } from './notifications';
import { attachPhotos } from './photos';
import { scorePriority, type NearbySensitivePlace, type PriorityResult } from './priority';
import { publicSpaceAddresses, publicSpaceFollowers, publicSpaceReportEvents, publicSpaceReports } from './schema';
import { PHOTOS_KEY, REPORTING_KEY, type PhotosSetting, type ReportingSetting } from './settings';
import { reopenTarget, isOpen } from './workflow';

export const residentActor = (caller: Caller): Actor => ({ type: 'resident', id: null, requestId: caller.requestId });

export interface SubmissionContext {
  caller: Caller;
  source: 'web' | 'open311' | 'staff';
  /** Idempotency scope: `public`, or the Open311 API key's id. */
  scope: string;
  apiKeyId?: string | null;
  /** The `Idempotency-Key` header, when the body has no clientId. */
  idempotencyKey?: string | null;
  /** Open311 relays many residents: its own limit instead of the per-address one. */
  rateKey?: { key: string; limit: number } | null;
  /** Staff entering a report for a resident (by phone, at the desk). */
  actor?: Actor;
}

// ---- Sensitive places and priority ------------------------------------------------------------

/** Every sensitive place whose layer's radius reaches the point, with its distance. */
export async function sensitivePlacesNear(db: DbOrTx, point: LngLat): Promise<NearbySensitivePlace[]> {
  const rows = await queryAll<{ layer_code: string; layer_name: string; name: string | null; geometry: FeatureGeometry; radius_m: number; weight: number }>(
    db,
    sql`SELECT l.code AS layer_code, l.name AS layer_name, f.name, f.geometry, l.radius_m, l.weight
        FROM public_space_sensitive_features f JOIN public_space_sensitive_layers l ON l.id = f.layer_id
        WHERE f.min_lat - l.radius_m / ${METRES_PER_DEGREE}::float8 <= ${point.lat}::float8 AND f.max_lat + l.radius_m / ${METRES_PER_DEGREE}::float8 >= ${point.lat}::float8
          AND f.min_lng - l.radius_m / (${METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180)}::float8) <= ${point.lng}::float8
          AND f.max_lng + l.radius_m / (${METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180)}::float8) >= ${point.lng}::float8`,
  );
  const out: NearbySensitivePlace[] = [];
  for (const r of rows) {
    const d = distanceToGeometry(point, typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry);
    if (d <= r.radius_m) out.push({ layerCode: r.layer_code, layerName: r.layer_name, placeName: r.name, distanceM: d, radiusM: Number(r.radius_m), weight: Number(r.weight) });
  }
  return out;
}

export async function priorityFor(db: DbOrTx, category: CategoryRow, point: LngLat, followers: number, reopened: number): Promise<{ result: PriorityResult; places: NearbySensitivePlace[] }> {
  const places = await sensitivePlacesNear(db, point);
  return { result: scorePriority({ categoryDefault: category.defaultPriority, categoryName: category.nameFr, sensitivePlaces: places, followers, reopened }), places };
}

// ---- Submission --------------------------------------------------------------------------------

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

export async function assertInsideTerritory(ctx: AppContext, point: LngLat): Promise<void> {
  const inside = await ctx.services.territory.isInsideTerritory(point);
  if (inside === false) {
    const served = await ctx.services.territory.servedTerritory();
    throw new HttpProblem(422, 'public_space.outside_territory', 'This place is outside the commune: report it to the commune it is in.', {
      params: { commune: served.commune?.name ?? '' },
    });
  }
}

export async function districtOf(ctx: AppContext, point: LngLat): Promise<{ zoning: string; code: string; version: number } | null> {
  const served = await ctx.services.territory.servedTerritory();
  const zoning = served.districtZoning?.code;
  if (!zoning) return null;
  const zone = await ctx.services.territory.zoneAt(point, zoning);
  return zone ? { zoning, code: zone.code, version: zone.version } : null;
}

export async function submitReport(ctx: AppContext, body: SubmitReportBody, sub: SubmissionContext): Promise<SubmitResult> {
  const keys = await publicSpaceKeys(ctx.db);
  const clientKey = body.clientId ?? sub.idempotencyKey ?? null;
  const submissionKey = clientKey ? keys.submissionKey(sub.scope, clientKey) : null;
  const { clientId: _clientId, ...content } = body;
  const submissionHash = clientKey ? createHash('sha256').update(canonical(content)).digest('base64url') : null;
  if (submissionKey) {
    const replay = await replayOf(ctx, submissionKey, submissionHash!);
    if (replay) return replay;
  }

  const catalogue = await categoryCatalogue(ctx);
  const category = selectableCategory(catalogue, body.categoryCode);
  const { values: attributes, problems } = checkAttributes(category.attributes, body.attributes);
  if (problems.length) {
    const errors: FieldError[] = problems.map((p) => ({ pointer: `/body/attributes/${p.code}`, message: p.message }));
    throw new HttpProblem(400, 'public_space.invalid_attributes', 'Some answers are invalid.', { errors });
  }
  const photoSettings = await ctx.settings.get<PhotosSetting>(PHOTOS_KEY);
  if (body.photos.length > photoSettings.maxPerReport) {
    throw new HttpProblem(422, 'public_space.too_many_photos', 'Too many photos.', { params: { max: photoSettings.maxPerReport } });
  }
  if (category.photoRequired && body.photos.length === 0) throw new HttpProblem(422, 'public_space.photo_required', 'This category needs a photo.');
  const contact = normaliseContact(body.contact);
  if (!category.anonymousAllowed && !contact) throw new HttpProblem(422, 'public_space.contact_required', 'This category needs a way to contact you.');
  if (body.notify && !contact?.email) throw new HttpProblem(422, 'public_space.email_required', 'An e-mail address is needed to be notified.');
  await assertInsideTerritory(ctx, body.position);

  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const district = await districtOf(ctx, body.position);
  let address: string | null = null;
  if (body.addressId) {
    const [a] = await ctx.db.select({ label: publicSpaceAddresses.label }).from(publicSpaceAddresses).where(eq(publicSpaceAddresses.id, body.addressId));
    if (!a) throw new HttpProblem(422, 'public_space.unknown_address', 'Unknown address.', { params: { id: body.addressId } });
    address = a.label;
  }
  const { result: priority, places } = await priorityFor(ctx.db, category, body.position, 1, 0);
  const redacted = redactPersonalData(body.description);
  const reportId = randomUUID();
  const authorId = randomUUID();
  const actor = sub.actor ?? residentActor(sub.caller);

  try {
    const report = await ctx.db.transaction(async (tx) => {
      if (sub.rateKey) await countOrRefuse(tx, keys.addressKey(sub.rateKey.key), sub.rateKey.limit);
      else if (sub.caller.address && sub.source !== 'staff') await countOrRefuse(tx, keys.addressKey(`report:${sub.caller.address}`), reporting.reportsPerAddressPerHour);
      const [row] = await tx
        .insert(publicSpaceReports)
        .values({
          id: reportId,
          categoryCode: category.code,
          status: 'new',
          description: redacted.text,
          descriptionOriginal: redacted.text === body.description ? null : body.description,
          lng: body.position.lng,
          lat: body.position.lat,
          cell: cellOf(body.position),
          positionSource: body.positionSource,
          address,
          addressId: body.addressId,
          districtZoning: district?.zoning ?? null,
          districtCode: district?.code ?? null,
          districtVersion: district?.version ?? null,
          attributes,
          priorityScore: priority.score,
          priorityLevel: priority.level,
          priorityFactors: priority.factors,
          assignedTeamId: category.routingTeamId,
          source: sub.source,
          apiKeyId: sub.apiKeyId ?? null,
          submissionKey,
          submissionHash,
          followersCount: 1,
          photosCount: body.photos.length,
        })
        .returning();
      await tx.insert(publicSpaceFollowers).values({
        id: authorId,
        reportId,
        kind: 'author',
        contactSealed: contact ? keys.sealContact(authorId, contact) : null,
        notify: body.notify && !!contact?.email,
      });
      await attachPhotos(tx, ctx, reportId, body.photos);
      await tx.insert(publicSpaceReportEvents).values({ reportId, kind: 'created', public: true, statusTo: 'new', actorType: actor.type, actorId: actor.id });
      await recordAudit(tx, actor, {
        action: 'public-space.report_created',
        subjectType: 'public_space_report',
        subjectId: reportId,
        after: {
          number: row!.number,
          category: category.code,
          source: sub.source,
          photos: body.photos.length,
          contact: !!contact,
          priority: priority.level,
          district: district?.code ?? null,
        },
      });
      return row!;
    });
    noteReportsChanged();
    const [view] = await publicReports(ctx, [report]);
    return {
      report: view!,
      tracking: trackingOf(keys.trackingToken(authorId)),
      created: true,
      nearSensitivePlaces: places.map((p) => ({ layer: p.layerName, name: p.placeName, distanceM: Math.round(p.distanceM) })),
    };
  } catch (err) {
    // Two copies of one submission raced: the second finds the first.
    if (submissionKey && isUniqueViolation(err, 'public_space_reports_submission_key_unique')) {
      const replay = await replayOf(ctx, submissionKey, submissionHash!);
      if (replay) return replay;
    }
    throw err;
  }
}

async function replayOf(ctx: AppContext, submissionKey: string, submissionHash: string): Promise<SubmitResult | null> {
  const [existing] = await ctx.db.select().from(publicSpaceReports).where(eq(publicSpaceReports.submissionKey, submissionKey));
  if (!existing) return null;
  if (existing.submissionHash !== submissionHash) {
    throw new HttpProblem(422, 'public_space.idempotency_key_reused', 'This submission key was already used for another report.');
  }
  const [author] = await ctx.db
    .select({ id: publicSpaceFollowers.id })
    .from(publicSpaceFollowers)
    .where(and(eq(publicSpaceFollowers.reportId, existing.id), eq(publicSpaceFollowers.kind, 'author')));
  const keys = await publicSpaceKeys(ctx.db);
  const [view] = await publicReports(ctx, [existing]);
  return { report: view!, tracking: trackingOf(author ? keys.trackingToken(author.id) : ''), created: false, nearSensitivePlaces: [] };
}

export function normaliseContact(contact: ContactBody | null): ContactBody | null {
  if (!contact) return null;
  const c = { name: contact.name || null, email: contact.email ? contact.email.trim() : null, phone: contact.phone || null };
  return c.email || c.phone || c.name ? c : null;
}

export const trackingOf = (token: string) => ({ token, path: `/signalements/suivi/${token}` });

// ---- Nearby open reports (duplicates) -----------------------------------------------------------------

/**
 * Open reports of one category within `radiusM`, nearest first: one probe of the partial index
 * `(category_code, cell)` per grid cell around the point (9 cells for a radius under ~100 m), then
 * the exact distance. The same SQL on PGlite and PostgreSQL; no PostGIS.
 */
export async function nearbyOpenReports(db: DbOrTx, categoryCode: string, point: LngLat, radiusM: number, limit = 10) {
  const cells = cellsAround(point, radiusM);
  const box = boxAround(point, radiusM);
  const kx = Math.cos((point.lat * Math.PI) / 180);
  return queryAll<{ id: string; number: string; status: string; distance_m: number; requested_at: string; followers_count: number; description: string; photo_id: string | null; photo_w: number | null; photo_h: number | null; photo_b: number | null }>(
    db,
    sql`SELECT r.id, r.number::text AS number, r.status, r.requested_at, r.followers_count, r.description,
               sqrt(power((r.lng - ${point.lng}::float8) * ${kx}::float8, 2) + power(r.lat - ${point.lat}::float8, 2)) * ${METRES_PER_DEGREE}::float8 AS distance_m,
               p.id AS photo_id, p.width AS photo_w, p.height AS photo_h, p.blacked_out AS photo_b
        FROM public_space_reports r
        LEFT JOIN LATERAL (SELECT id, width, height, blacked_out FROM public_space_photos WHERE report_id = r.id AND public ORDER BY created_at LIMIT 1) p ON r.photos_count > 0
        WHERE r.category_code = ${categoryCode} AND r.cell IN (${sql.join(cells.map((c) => sql`${c}`), sql`, `)})
          AND r.status IN ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch') AND r.merged_into_id IS NULL
          AND r.lat BETWEEN ${box.minLat} AND ${box.maxLat} AND r.lng BETWEEN ${box.minLng} AND ${box.maxLng}
          AND sqrt(power((r.lng - ${point.lng}::float8) * ${kx}::float8, 2) + power(r.lat - ${point.lat}::float8, 2)) * ${METRES_PER_DEGREE}::float8 <= ${radiusM}
        ORDER BY distance_m LIMIT ${limit}`,
  );
}

export async function nearbyReports(ctx: AppContext, q: { categoryCode: string; lng: number; lat: number; radiusM?: number }): Promise<{ radiusM: number; items: NearbyReport[] }> {
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const radiusM = q.radiusM ?? reporting.duplicateRadiusM;
  const catalogue = await categoryCatalogue(ctx);
  selectableCategory(catalogue, q.categoryCode);
  const rows = await nearbyOpenReports(ctx.db, q.categoryCode, { lng: q.lng, lat: q.lat }, radiusM);
  return {
    radiusM,
    items: rows.map((r) => ({
      id: r.number,
      categoryCode: q.categoryCode,
      status: r.status as NearbyReport['status'],
      distanceM: Math.round(Number(r.distance_m)),
      requestedAt: new Date(r.requested_at).toISOString(),
      followers: Number(r.followers_count),
      description: r.description,
      photo: r.photo_id ? { id: r.photo_id, url: photoUrl(r.photo_id), width: Number(r.photo_w), height: Number(r.photo_h), blackedOut: Number(r.photo_b) } : null,
    })),
  };
}

// ---- Following, tracking, "not fixed" ----------------------------------------------------------

export async function publicReport(ctx: AppContext, number: string | number): Promise<PublicReport> {
  const row = await loadReportByNumber(ctx.db, number);
  return (await publicReports(ctx, [row]))[0]!;
}

export async function followReport(ctx: AppContext, number: string | number, body: { contact: ContactBody | null; notify: boolean }, caller: Caller) {
  const report = await loadReportByNumber(ctx.db, number);
  if (!isOpen(report.status) || report.mergedIntoId) throw new HttpProblem(409, 'public_space.report_closed', 'This report is closed: it can no longer be followed.');
  const contact = normaliseContact(body.contact);
  if (body.notify && !contact?.email) throw new HttpProblem(422, 'public_space.email_required', 'An e-mail address is needed to be notified.');
  const keys = await publicSpaceKeys(ctx.db);
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const catalogue = await categoryCatalogue(ctx);
  const category = catalogue.byCode.get(report.categoryCode);
  const followerId = randomUUID();
  const updated = await ctx.db.transaction(async (tx) => {
    if (caller.address) await countOrRefuse(tx, keys.addressKey(`follow:${caller.address}`), reporting.followsPerAddressPerHour);
    const [locked] = await tx.select().from(publicSpaceReports).where(eq(publicSpaceReports.id, report.id)).for('update');
    await tx.insert(publicSpaceFollowers).values({
      id: followerId,
      reportId: report.id,
      kind: 'follower',
      contactSealed: contact ? keys.sealContact(followerId, contact) : null,
      notify: body.notify && !!contact?.email,
    });
    const followers = locked!.followersCount + 1;
    const set: Partial<ReportRow> = { followersCount: followers, updatedAt: new Date() };
    if (category) {
      const { result } = await priorityFor(tx, category, locked!, followers, locked!.reopenedCount);
      Object.assign(set, { priorityScore: result.score, priorityLevel: result.level, priorityFactors: result.factors });
    }
    const [row] = await tx.update(publicSpaceReports).set(set).where(eq(publicSpaceReports.id, report.id)).returning();
    await tx.insert(publicSpaceReportEvents).values({ reportId: report.id, kind: 'follow', public: false, actorType: 'resident', actorId: null });
    await recordAudit(tx, residentActor(caller), { action: 'public-space.report_followed', subjectType: 'public_space_report', subjectId: report.id, after: { followers, contact: !!contact } });
    return row!;
  });
  noteReportsChanged();
  return { report: (await publicReports(ctx, [updated]))[0]!, tracking: trackingOf(keys.trackingToken(followerId)) };
}

async function followerOf(ctx: AppContext, token: string) {
  const keys = await publicSpaceKeys(ctx.db);
  const followerId = keys.followerOfToken(token);
  const invalid = () => new HttpProblem(404, 'public_space.tracking_invalid', 'This tracking link is unknown.');
  if (!followerId) throw invalid();
  const [follower] = await ctx.db.select().from(publicSpaceFollowers).where(eq(publicSpaceFollowers.id, followerId));
  if (!follower) throw invalid();
  return follower;
}

export async function trackingView(ctx: AppContext, token: string) {
  const follower = await followerOf(ctx, token);
  const report = await loadReport(ctx.db, follower.reportId);
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const until = report.status === 'done' && report.closedAt ? new Date(report.closedAt.getTime() + reporting.reopenWindowDays * 86_400_000) : null;
  return {
    report: (await publicReports(ctx, [report]))[0]!,
    role: follower.kind,
    notify: follower.notify,
    reopenableUntil: until && until > new Date() ? until.toISOString() : null,
  };
}

/** "Not fixed": a follower reopens a report closed as done, within the window. Audited, notified. */
export async function reopenReport(ctx: AppContext, token: string, comment: string | null, caller: Caller) {
  const follower = await followerOf(ctx, token);
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const catalogue = await categoryCatalogue(ctx);
  const updated = await ctx.db.transaction(async (tx) => {
    const report = await loadReport(tx, follower.reportId, { forUpdate: true });
    const to = reopenTarget(report.status, report.closedAt, new Date(), reporting.reopenWindowDays);
    if (!to) throw new HttpProblem(409, 'public_space.cannot_reopen', 'Only a report closed as done, recently, can be reopened.', { status: report.status });
    const reopened = report.reopenedCount + 1;
    const category = catalogue.byCode.get(report.categoryCode);
    const set: Partial<ReportRow> = { status: to, reopenedCount: reopened, closedAt: null, updatedAt: new Date() };
    if (category) {
      const { result } = await priorityFor(tx, category, report, report.followersCount, reopened);
      Object.assign(set, { priorityScore: result.score, priorityLevel: result.level, priorityFactors: result.factors });
    }
    const [row] = await tx.update(publicSpaceReports).set(set).where(eq(publicSpaceReports.id, report.id)).returning();
    const redacted = comment ? redactPersonalData(comment).text : null;
    const [event] = await tx
      .insert(publicSpaceReportEvents)
      .values({ reportId: report.id, kind: 'reopen', public: true, statusFrom: report.status, statusTo: to, text: redacted, actorType: 'resident', actorId: null })
      .returning({ id: publicSpaceReportEvents.id });
    await recordAudit(tx, residentActor(caller), {
      action: 'public-space.report_reopened',
      subjectType: 'public_space_report',
      subjectId: report.id,
      before: { status: report.status },
      after: { status: to, reopened },
    });
    await enqueueNotifications(tx, ctx, report.id, event!.id, { except: follower.id });
    return row!;
  });
  noteReportsChanged();
  return (await publicReports(ctx, [updated]))[0]!;
}

export async function setNotify(ctx: AppContext, token: string, notify: boolean, caller: Caller): Promise<void> {
  const follower = await followerOf(ctx, token);
  if (notify && !follower.contactSealed) throw new HttpProblem(422, 'public_space.email_required', 'An e-mail address is needed to be notified.');
  await ctx.db.transaction(async (tx) => {
    await tx.update(publicSpaceFollowers).set({ notify }).where(eq(publicSpaceFollowers.id, follower.id));
    await recordAudit(tx, residentActor(caller), { action: 'public-space.notify_changed', subjectType: 'public_space_report', subjectId: follower.reportId, after: { notify } });
  });
}

export async function openServiceRequestIdOfToken(ctx: AppContext, token: string): Promise<string> {
  const follower = await followerOf(ctx, token).catch(() => null);
  if (!follower) throw notFound('Token');
  const report = await loadReport(ctx.db, follower.reportId);
  return String(report.number);
}
