/**
 * The public space module on a started server (both backends): submission and its refusals (each
 * changes nothing), idempotency, masking, duplicates and following, the state machine through the
 * API, what the public never sees, merging, photos (metadata stripped, disguised files and bombs
 * refused, a failed strip refused, blackout destroying the original), rate limits, addresses,
 * sensitive places and surveys.
 */
import zlib from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../platform/db/client';
import { testBackend } from '../../platform/testing/db';
import { testClient } from '../../platform/testing/module-server';
import { cleanPhoto, uploadPhoto, type Reencoder } from './photos';
import { client, INSIDE, OUTSIDE, startPublicSpaceApp, type TestServer } from './testing/app';

let server: TestServer;
let resident: ReturnType<typeof client>;
let agent: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

const CATEGORY = 'proprete-dejections-canines';
const BULKY = 'objets-abandonnes-autres-objets-encombrants-abandonnes';

beforeAll(async () => {
  server = await startPublicSpaceApp();
  resident = client(server.baseUrl);
  agent = client(server.baseUrl, 'agent');
  admin = client(server.baseUrl, 'admin');
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const count = async (table: string): Promise<number> =>
  Number((await queryRows<{ n: number }>(server.beffroi.ctx.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n);

const submission = (over: Record<string, unknown> = {}) => ({ categoryCode: CATEGORY, description: 'Devant la boulangerie', position: INSIDE, positionSource: 'map', ...over });

/** A small JPEG carrying EXIF (camera, GPS) and XMP, as a phone would send. */
async function jpegWithMetadata(width = 320, height = 240): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c83' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'X1', Artist: 'Jane Resident' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 50/1 5099/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 26/1 2220/100' },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Resident</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .toBuffer();
}

describe(`submitting a report (${testBackend()})`, () => {
  it('refuses a position outside the commune with a clear message, and stores nothing', async () => {
    const before = await count('public_space_reports');
    const r = await resident.post('/api/public-space/reports', submission({ position: OUTSIDE }));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('public_space.outside_territory');
    expect(r.body.detail).toContain('Vincennes');
    expect(await count('public_space_reports')).toBe(before);
  });

  it('refuses an unknown category and bad answers, storing nothing', async () => {
    const before = await count('public_space_reports');
    const unknown = await resident.post('/api/public-space/reports', submission({ categoryCode: 'no-such-thing' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('public_space.unknown_category');
    // A parent groups categories: a report is filed under a leaf.
    expect((await resident.post('/api/public-space/reports', submission({ categoryCode: 'proprete' }))).body.code).toBe('public_space.unknown_category');
    const bad = await resident.post('/api/public-space/reports', submission({ categoryCode: BULKY, attributes: { nombre: 'beaucoup', nature: ['fusee'], inconnu: 'x' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('public_space.invalid_attributes');
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/body/attributes/inconnu', '/body/attributes/nature', '/body/attributes/nombre']);
    const missing = await resident.post('/api/public-space/reports', submission({ categoryCode: BULKY, attributes: { nombre: 3 } }));
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/body/attributes/nature', message: 'Required' })]);
    expect(await count('public_space_reports')).toBe(before);
  });

  it('stores a valid report with typed answers, masks personal data for the public and keeps the original for staff', async () => {
    const r = await resident.post('/api/public-space/reports', submission({ categoryCode: BULKY, description: 'Un canapé. Rappelez-moi au 06 12 34 56 78', attributes: { nombre: 2, nature: ['meuble', 'matelas'] } }));
    expect(r.status, r.text).toBe(201);
    expect(r.body.created).toBe(true);
    expect(r.body.report.description).not.toContain('06 12 34 56 78');
    expect(r.body.report.district).toMatchObject({ zoning: 'secteurs-demo' });
    expect(r.body.tracking.token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
    const list = await agent.get(`/api/admin/public-space/reports?q=${r.body.report.id}`);
    const staffView = await agent.get(`/api/admin/public-space/reports/${list.body.items[0].id}`);
    expect(staffView.body.descriptionOriginal).toContain('06 12 34 56 78');
    expect(staffView.body.attributes).toEqual({ nombre: 2, nature: ['meuble', 'matelas'] });
    // Routed to the category's contractor.
    expect(staffView.body.team?.name).toBeTruthy();
  });

  it('is idempotent: a retry with the same key creates nothing new; the same key with other content is refused', async () => {
    const before = await count('public_space_reports');
    const body = submission({ description: 'Retry me' });
    const first = await resident.post('/api/public-space/reports', body, { 'idempotency-key': 'client-key-0001' });
    const again = await resident.post('/api/public-space/reports', body, { 'idempotency-key': 'client-key-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.report.id).toBe(first.body.report.id);
    expect(again.body.tracking.token).toBe(first.body.tracking.token);
    const viaBody = await resident.post('/api/public-space/reports', { ...body, clientId: 'client-key-0002' });
    const viaBodyAgain = await resident.post('/api/public-space/reports', { ...body, clientId: 'client-key-0002' });
    expect(viaBodyAgain.body.report.id).toBe(viaBody.body.report.id);
    const reused = await resident.post('/api/public-space/reports', { ...body, description: 'Something else' }, { 'idempotency-key': 'client-key-0001' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('public_space.idempotency_key_reused');
    const badKey = await resident.post('/api/public-space/reports', body, { 'idempotency-key': 'x' });
    expect(badKey.status).toBe(400);
    expect(await count('public_space_reports')).toBe(before + 2);
  });

  it('shows open reports of the same category nearby; a resident follows one instead of filing a duplicate', async () => {
    const spot = { lng: 2.4402, lat: 48.8481 };
    const created = await resident.post('/api/public-space/reports', submission({ position: spot }));
    const near = await resident.get(`/api/public-space/reports/nearby?categoryCode=${CATEGORY}&lng=${spot.lng + 0.0002}&lat=${spot.lat}`);
    expect(near.status).toBe(200);
    const hit = near.body.items.find((i: { id: string }) => i.id === created.body.report.id);
    expect(hit.distanceM).toBeGreaterThan(10);
    expect(hit.distanceM).toBeLessThan(20);
    const far = await resident.get(`/api/public-space/reports/nearby?categoryCode=${CATEGORY}&lng=${spot.lng + 0.01}&lat=${spot.lat}`);
    expect(far.body.items.find((i: { id: string }) => i.id === created.body.report.id)).toBeUndefined();
    const follow = await resident.post(`/api/public-space/reports/${created.body.report.id}/followers`, { contact: { name: null, email: 'voisin@example.fr', phone: null }, notify: true });
    expect(follow.status, follow.text).toBe(201);
    expect(follow.body.report.followers).toBe(2);
    const tracking = await resident.get(`/api/public-space/tracking/${follow.body.tracking.token}`);
    expect(tracking.body).toMatchObject({ role: 'follower', notify: true });
    expect(tracking.text).not.toContain('voisin@example.fr');
    const forged = follow.body.tracking.token.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect((await resident.get(`/api/public-space/tracking/${forged}`)).status).toBe(404);
  });

  it('refuses past the hourly limit per address with 429 and Retry-After, storing nothing', async () => {
    const { settings, db } = server.beffroi.ctx;
    const defaults = await settings.get<Record<string, number>>('public-space.reporting');
    await settings.set(db, { type: 'system', id: null }, 'public-space.reporting', { ...defaults, reportsPerAddressPerHour: 1 });
    try {
      const before = await count('public_space_reports');
      const r = await resident.post('/api/public-space/reports', submission({ description: 'One too many' }));
      expect(r.status).toBe(429);
      expect(r.body.code).toBe('public_space.rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await count('public_space_reports')).toBe(before);
    } finally {
      await settings.set(db, { type: 'system', id: null }, 'public-space.reporting', defaults);
    }
  });
});

describe(`the agents' workflow (${testBackend()})`, () => {
  let report: { id: string; number: string; token: string };

  beforeAll(async () => {
    const r = await resident.post('/api/public-space/reports', submission({ contact: { name: 'Jane', email: 'jane@example.fr', phone: null }, notify: true }));
    const list = await agent.get(`/api/admin/public-space/reports?q=${r.body.report.id}`);
    report = { id: list.body.items[0].id, number: r.body.report.id, token: r.body.tracking.token };
  });

  it('moves through the state machine, refuses what it does not allow, and requires a reason to reject', async () => {
    const to = (body: Record<string, unknown>) => agent.post(`/api/admin/public-space/reports/${report.id}/transition`, body);
    const bad = await to({ to: 'archived' });
    expect(bad.status).toBe(409);
    expect(bad.body.code).toBe('public_space.invalid_transition');
    const noReason = await to({ to: 'rejected' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('public_space.reject_reason_required');
    const processing = await to({ to: 'to_process' });
    expect(processing.body.status).toBe('to_process');
    expect(processing.body.nextStatuses).toContain('scheduled');
    const scheduled = await to({ to: 'scheduled', templateId: 'programme' });
    expect(scheduled.body.status).toBe('scheduled');
    expect((await to({ to: 'done', publicMessage: 'Nettoyé ce matin.' })).body.status).toBe('done');
  });

  it('keeps notes and contact details from the public, shows the status history', async () => {
    await agent.post(`/api/admin/public-space/reports/${report.id}/notes`, { text: 'Note interne : voir avec le gardien' });
    await agent.post(`/api/admin/public-space/reports/${report.id}/updates`, { text: 'Merci pour votre patience.' });
    const pub = await resident.get(`/api/public-space/reports/${report.number}`);
    expect(pub.status).toBe(200);
    expect(pub.text).not.toContain('Note interne');
    expect(pub.text).not.toContain('jane@example.fr');
    expect(pub.body.history.map((h: { status: string | null }) => h.status).filter(Boolean)).toEqual(['new', 'to_process', 'scheduled', 'done']);
    expect(pub.body.history.some((h: { text: string | null }) => h.text === 'Merci pour votre patience.')).toBe(true);
    const staff = await agent.get(`/api/admin/public-space/reports/${report.id}`);
    expect(staff.body.events.some((e: { kind: string; public: boolean }) => e.kind === 'note' && !e.public)).toBe(true);
    expect(staff.text).not.toContain('jane@example.fr');
    const contacts = await agent.get(`/api/admin/public-space/reports/${report.id}/contacts`);
    expect(contacts.body.items).toEqual([{ role: 'author', name: 'Jane', email: 'jane@example.fr', phone: null, notify: true }]);
    // At rest the contact is sealed.
    const stored = await queryRows<{ c: string }>(server.beffroi.ctx.db, sql`SELECT contact_sealed AS c FROM public_space_followers WHERE report_id = ${report.id}`);
    expect(stored[0]!.c).not.toContain('jane');
    expect((await client(server.baseUrl, 'analyst').get(`/api/admin/public-space/reports/${report.id}/contacts`)).status).toBe(403);
  });

  it('lets the resident say "not fixed", which reopens the report; audited', async () => {
    const reopened = await resident.post(`/api/public-space/tracking/${report.token}/reopen`, { comment: 'Toujours là' });
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.body.status).toBe('to_process');
    const again = await resident.post(`/api/public-space/tracking/${report.token}/reopen`, {});
    expect(again.status).toBe(409);
    const staff = await agent.get(`/api/admin/public-space/reports/${report.id}`);
    expect(staff.body.reopened).toBe(1);
    expect(staff.body.priorityFactors.some((f: { kind: string }) => f.kind === 'reopened')).toBe(true);
    const audit = await queryRows<{ action: string }>(server.beffroi.ctx.db, sql`SELECT action FROM audit_events WHERE subject_id = ${report.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['public-space.report_created', 'public-space.status_changed', 'public-space.note_added', 'public-space.contact_viewed', 'public-space.report_reopened']),
    );
  });

  it('merges a duplicate: followers and photos move to the kept report', async () => {
    const kept = await resident.post('/api/public-space/reports', submission({ description: 'Kept' }));
    const upload = await resident.upload('/api/public-space/photos', 'photo', { name: 'p.jpg', type: 'image/jpeg', data: await jpegWithMetadata() });
    expect(upload.status, upload.text).toBe(201);
    const dup = await resident.post('/api/public-space/reports', submission({ description: 'Duplicate', photos: [{ id: upload.body.id, token: upload.body.token }] }));
    expect(dup.status, dup.text).toBe(201);
    await resident.post(`/api/public-space/reports/${dup.body.report.id}/followers`, { contact: null, notify: false });
    const idOf = async (number: string) => (await agent.get(`/api/admin/public-space/reports?q=${number}&status=new,rejected`)).body.items[0].id as string;
    const keptId = await idOf(kept.body.report.id);
    const dupId = await idOf(dup.body.report.id);
    const merged = await agent.post(`/api/admin/public-space/reports/${dupId}/merge`, { intoId: keptId });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.followers).toBe(3);
    expect(merged.body.photosList.map((p: { id: string }) => p.id)).toEqual([upload.body.id]);
    const dupView = await resident.get(`/api/public-space/reports/${dup.body.report.id}`);
    expect(dupView.body).toMatchObject({ status: 'rejected', rejectReason: 'duplicate', mergedInto: kept.body.report.id, followers: 0, photos: [] });
    // The duplicate's author's link now follows the kept report.
    const tracking = await resident.get(`/api/public-space/tracking/${dup.body.tracking.token}`);
    expect(tracking.body.report.id).toBe(kept.body.report.id);
    expect((await agent.post(`/api/admin/public-space/reports/${dupId}/merge`, { intoId: keptId })).status).toBe(409);
  });

  it('edits category and position (inside the commune only) and recomputes the priority', async () => {
    const outside = await agent.patch(`/api/admin/public-space/reports/${report.id}`, { position: OUTSIDE });
    expect(outside.status).toBe(422);
    const edited = await agent.patch(`/api/admin/public-space/reports/${report.id}`, { categoryCode: BULKY, priorityOverride: 'urgent' });
    expect(edited.body).toMatchObject({ categoryCode: BULKY, priority: 'urgent' });
    const triage = await agent.get('/api/admin/public-space/reports?priority=urgent');
    expect(triage.body.items.map((i: { id: string }) => i.id)).toContain(report.id);
    const view = await agent.post('/api/admin/public-space/views', { name: 'Urgent', filters: { priority: 'urgent' }, shared: true });
    expect(view.status).toBe(201);
    expect((await client(server.baseUrl, 'admin').get('/api/admin/public-space/views')).body.items.map((v: { name: string }) => v.name)).toContain('Urgent');
  });
});

describe(`photos (${testBackend()})`, () => {
  it('stores a photo with no EXIF, GPS, XMP or ICC left, read back with a metadata parser', async () => {
    const original = await jpegWithMetadata(800, 600);
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(48.8475, 3) });
    const upload = await resident.upload('/api/public-space/photos', 'photo', { name: 'IMG_0001.JPG', type: 'image/jpeg', data: original });
    expect(upload.status, upload.text).toBe(201);
    const [row] = await queryRows<{ bytes: Uint8Array }>(server.beffroi.ctx.db, sql`SELECT bytes FROM public_space_photos WHERE id = ${upload.body.id}`);
    const stored = Buffer.from(row!.bytes);
    expect(await exifr.parse(stored, { gps: true, xmp: true, icc: true, iptc: true, tiff: true, exif: true })).toBeUndefined();
    expect(await exifr.gps(stored)).toBeUndefined();
    expect(stored.includes(Buffer.from('Jane Resident'))).toBe(false);
    expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
    const meta = await sharp(stored).metadata();
    expect([meta.exif, meta.xmp, meta.icc, meta.iptc]).toEqual([undefined, undefined, undefined, undefined]);
    expect(meta.format).toBe('jpeg');
  });

  it('resizes large photos to the configured edge', async () => {
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#345' } }).jpeg().toBuffer();
    const upload = await resident.upload('/api/public-space/photos', 'photo', { name: 'big.jpg', type: 'image/jpeg', data: big });
    expect(upload.body).toMatchObject({ width: 2048, height: 1365 });
  });

  it('refuses a PHP script named .jpg, an empty file and a decompression bomb, storing nothing', async () => {
    const before = await count('public_space_photos');
    const php = await resident.upload('/api/public-space/photos', 'photo', { name: 'shell.jpg', type: 'image/jpeg', data: '<?php system($_GET["c"]); ?>' });
    expect(php.status).toBe(422);
    expect(php.body.code).toMatch(/^file\./);
    // 8,000 × 8,000 grey pixels: 64 megapixels in a file of a few dozen kilobytes.
    const bomb = pngBomb(8000, 8000);
    expect(bomb.length).toBeLessThan(200_000);
    const refused = await resident.upload('/api/public-space/photos', 'photo', { name: 'bomb.png', type: 'image/png', data: bomb });
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('file.image_too_large');
    expect(await count('public_space_photos')).toBe(before);
  });

  it('refuses a second file with 400 and what to send, storing nothing', async () => {
    const before = await count('public_space_photos');
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#345' } }).jpeg().toBuffer();
    const file = { name: 'a.jpg', type: 'image/jpeg', data: jpeg };
    const two = await testClient(server.baseUrl).upload('/api/public-space/photos', { photo: file, other: file });
    expect([two.status, two.body.code]).toEqual([400, 'public_space.upload_fields']);
    expect(await count('public_space_photos')).toBe(before);
  });

  it('refuses a photo whose metadata could not be stripped, and stores nothing', async () => {
    const before = await count('public_space_photos');
    // A re-encoder that fails to strip: hands the original back, metadata and all.
    const leaky: Reencoder = async (input) => {
      const m = await sharp(input).metadata();
      return { bytes: input, format: 'jpeg', width: m.width!, height: m.height! };
    };
    const file = { filename: 'leak.jpg', mimetype: 'image/jpeg', bytes: await jpegWithMetadata() };
    await expect(uploadPhoto(server.beffroi.ctx, file, leaky)).rejects.toMatchObject({ status: 422, code: 'public_space.photo_strip_failed' });
    await expect(cleanPhoto(server.beffroi.ctx, file, async () => Promise.reject(new Error('vips failed')))).rejects.toMatchObject({ code: 'public_space.photo_unreadable' });
    expect(await count('public_space_photos')).toBe(before);
  });

  it('blacks out a rectangle: re-encoded, the original bytes destroyed', async () => {
    const upload = await resident.upload('/api/public-space/photos', 'photo', { name: 'face.jpg', type: 'image/jpeg', data: await jpegWithMetadata(400, 300) });
    const created = await resident.post('/api/public-space/reports', submission({ photos: [{ id: upload.body.id, token: upload.body.token }] }));
    expect(created.status, created.text).toBe(201);
    const [before] = await queryRows<{ bytes: Uint8Array; sha256: string }>(server.beffroi.ctx.db, sql`SELECT bytes, sha256 FROM public_space_photos WHERE id = ${upload.body.id}`);
    const r = await agent.post(`/api/admin/public-space/photos/${upload.body.id}/blackout`, { x: 100, y: 50, width: 120, height: 80 });
    expect(r.status, r.text).toBe(200);
    expect(r.body.blackedOut).toBe(1);
    const rows = await queryRows<{ bytes: Uint8Array; sha256: string }>(server.beffroi.ctx.db, sql`SELECT bytes, sha256 FROM public_space_photos WHERE sha256 = ${before!.sha256} OR id = ${upload.body.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).not.toBe(before!.sha256);
    expect(Buffer.from(rows[0]!.bytes).equals(Buffer.from(before!.bytes))).toBe(false);
    const { data, info } = await sharp(Buffer.from(rows[0]!.bytes)).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(160, 90)).toBeLessThan(20);
    expect(at(10, 10)).toBeGreaterThan(100);
    const served = await fetch(`${server.baseUrl}/api/public-space/photos/${upload.body.id}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(rows[0]!.bytes))).toBe(true);
  });

  it('requires a photo for the categories that ask for one', async () => {
    const r = await resident.post('/api/public-space/reports', submission({ categoryCode: 'graffitis-inscriptions-haineuses' }));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('public_space.photo_required');
  });
});

describe(`places, addresses and surveys (${testBackend()})`, () => {
  it('imports the Base Adresse Nationale CSV and finds addresses by text', async () => {
    const csv = [
      'id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat',
      '94080_0420_00012;94080_0420;12;;Rue de Fontenay;94300;94080;Vincennes;;;0;0;2.4381;48.8466',
      '94080_0420_00014;94080_0420;14;bis;Rue de Fontenay;94300;94080;Vincennes;;;0;0;2.4383;48.8467',
      'bad;;;;;;;;;;;;x;y',
    ].join('\n');
    const r = await admin.upload('/api/admin/public-space/addresses/import', 'file', { name: 'adresses-94.csv', type: 'text/csv', data: csv });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ imported: 2, skipped: 1 });
    const found = await resident.get('/api/public-space/addresses?q=14 bis fontenay');
    expect(found.body.items[0]).toMatchObject({ id: '94080_0420_00014', label: '14 bis Rue de Fontenay, 94300 Vincennes', source: 'addresses' });
    const withAddress = await resident.post('/api/public-space/reports', submission({ position: { lng: 2.4383, lat: 48.8467 }, positionSource: 'address', addressId: '94080_0420_00014' }));
    expect(withAddress.body.report.address).toBe('14 bis Rue de Fontenay, 94300 Vincennes');
  });

  it('raises the priority of a report near a sensitive place, with the distance', async () => {
    const stream = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'Ru de démonstration' }, geometry: { type: 'LineString', coordinates: [[2.4300, 48.8440], [2.4320, 48.8440]] } }],
    };
    const r = await admin.upload('/api/admin/public-space/layers/import?code=cours-eau&name=Cours%20d%E2%80%99eau&kind=water&radiusM=200&weight=30', 'file', {
      name: 'ru.geojson',
      type: 'application/geo+json',
      data: JSON.stringify(stream),
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.imported).toBe(1);
    const near = await resident.post('/api/public-space/reports', submission({ categoryCode: BULKY, attributes: { nature: ['gravats'] }, position: { lng: 2.4310, lat: 48.8442 } }));
    expect(near.status, near.text).toBe(201);
    expect(near.body.nearSensitivePlaces[0]).toMatchObject({ name: 'Ru de démonstration' });
    expect(near.body.nearSensitivePlaces[0].distanceM).toBeGreaterThan(15);
    expect(near.body.nearSensitivePlaces[0].distanceM).toBeLessThan(30);
    const id = (await agent.get(`/api/admin/public-space/reports?q=${near.body.report.id}`)).body.items[0];
    expect(id.priority).toBe('high');
    const view = await agent.get(`/api/admin/public-space/reports/${id.id}`);
    expect(view.body.priorityFactors.find((f: { kind: string }) => f.kind === 'sensitive_place')).toMatchObject({ distanceM: expect.any(Number) });
  });

  it('records surveys, refuses an import with a bad row as a whole, and grades sectors', async () => {
    const s = await agent.post('/api/admin/public-space/surveys', { zoneCode: 'SD1', segment: null, surveyedAreaM2: 500, surveyedAt: '2026-01-10T10:00:00+01:00', counts: { illegal_dumps: 1, cigarette_butts: 50 } });
    expect(s.status, s.text).toBe(201);
    // (1 × 10 + 50 × 0.1) per 100 m² over 500 m² = 3
    expect(s.body).toMatchObject({ index: 3, grade: 'B' });
    const before = await count('public_space_surveys');
    const bad = await agent.upload('/api/admin/public-space/surveys/import', 'file', { name: 'cam.csv', type: 'text/csv', data: 'zone;date;area_m2;megots;depots_sauvages\nSD2;2026-01-11;400;12;0\nSD9;2026-01-11;400;3;1\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([{ line: 3, message: 'unknown sector "SD9"' }]);
    expect(await count('public_space_surveys')).toBe(before);
    const good = await agent.upload('/api/admin/public-space/surveys/import', 'file', { name: 'cam.csv', type: 'text/csv', data: 'zone;date;area_m2;megots;depots_sauvages\nSD2;2026-01-11;400;12;0\n' });
    expect(good.body.imported).toBe(1);
    const view = await resident.get('/api/public-space/cleanliness');
    expect(view.status).toBe(200);
    expect(view.body.sectors).toHaveLength(6);
  });
});

/** A valid grey PNG of the given size whose pixels are all zero: deflate makes it tiny. */
function pngBomb(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
