/**
 * Residents' photos. What is stored is never the file that was sent:
 * 1. the platform's parser decides the type from the content (JPEG, PNG, WebP, HEIC; a script named
 *    `.jpg` is refused) and reads the dimensions from the header, refusing a decompression bomb
 *    before anything decodes it (`maxImagePixels`);
 * 2. libvips (sharp) decodes it, again with `limitInputPixels`, turns it upright from its EXIF
 *    orientation, resizes it and re-encodes it as JPEG without any metadata block: no EXIF, GPS,
 *    XMP, IPTC, ICC profile or comment is carried over;
 * 3. the result is read back and refused if any metadata is still there: a photo whose stripping
 *    failed is never stored.
 * Blacking out part of a photo re-encodes the stored image and replaces its bytes in the same row:
 * the original is gone (only the new bytes exist anywhere the module keeps).
 */
import { createHash } from 'node:crypto';
import { and, eq, lt, isNull, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { FileRefusal } from '../../platform/files/index';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { PhotoUpload } from './api-schemas';
import { newSecretToken, publicSpaceKeys } from './keys';
import { publicSpacePhotos, publicSpaceReportEvents } from './schema';
import { PHOTOS_KEY, type PhotosSetting } from './settings';

sharp.cache(false);

/** An upload waits this long to be attached to a report; the retention job removes it after. */
export const PENDING_UPLOAD_HOURS = 24;

export interface UploadedPhoto {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

export interface CleanImage {
  bytes: Buffer;
  format: 'jpeg';
  width: number;
  height: number;
}

export type Reencoder = (input: Buffer, opts: { maxPixels: number; maxEdge: number; quality: number }) => Promise<CleanImage>;

/** Decode, orient, resize and encode as a fresh JPEG: sharp writes no metadata unless asked to. */
export const reencodeWithSharp: Reencoder = async (input, opts) => {
  const { data, info } = await sharp(input, { limitInputPixels: opts.maxPixels, failOn: 'error', sequentialRead: true })
    .rotate()
    .resize({ width: opts.maxEdge, height: opts.maxEdge, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: opts.quality, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, format: 'jpeg', width: info.width, height: info.height };
};

/** The metadata blocks still present in an image, as libvips reads them (empty when clean). */
export async function metadataBlocks(bytes: Buffer): Promise<string[]> {
  const m = await sharp(bytes).metadata();
  const found: string[] = [];
  if (m.exif?.length) found.push('exif');
  if (m.xmp?.length) found.push('xmp');
  if (m.iptc?.length) found.push('iptc');
  if (m.icc?.length) found.push('icc');
  if (m.comments?.length) found.push('comment');
  // A JPEG's own markers too: APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC) and COM.
  if (m.format === 'jpeg') for (const marker of jpegMetadataMarkers(bytes)) if (!found.includes(marker)) found.push(marker);
  return found;
}

/** Walks a JPEG's segments before the image data and names the metadata ones. */
export function jpegMetadataMarkers(bytes: Uint8Array): string[] {
  const found = new Set<string>();
  let p = 2;
  while (p + 4 <= bytes.length && bytes[p] === 0xff) {
    const marker = bytes[p + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (marker === 0xe1) found.add('app1');
    else if (marker === 0xe2) found.add('icc');
    else if (marker === 0xed) found.add('iptc');
    else if (marker === 0xfe) found.add('comment');
    p += 2 + length;
  }
  return [...found];
}

async function photoSettings(ctx: AppContext): Promise<PhotosSetting> {
  return ctx.settings.get<PhotosSetting>(PHOTOS_KEY);
}

/**
 * Reads, checks and cleans an uploaded photo. Throws problems: 413 for size and pixels, 422 for
 * a file that is not an image we read, or whose metadata could not be removed.
 */
export async function cleanPhoto(ctx: AppContext, file: UploadedPhoto, reencode: Reencoder = reencodeWithSharp): Promise<CleanImage & { sourceFormat: string }> {
  const settings = await photoSettings(ctx);
  const maxBytes = Math.min(settings.maxBytes, ctx.config.uploadLimit);
  if (file.bytes.length > maxBytes) {
    throw new HttpProblem(413, 'public_space.photo_too_large', 'The photo is too large.', { params: { maxMegabytes: Math.round(maxBytes / 100_000) / 10 }, limit: maxBytes });
  }
  const parsed = await ctx.files.parse(file.bytes, {
    accept: ['jpeg', 'png', 'webp', 'heic'],
    filename: file.filename,
    declaredType: file.mimetype,
    limits: { maxBytes, maxImagePixels: settings.maxPixels },
  });
  if (parsed.kind !== 'image') throw new HttpProblem(422, 'public_space.photo_unreadable', 'This file is not a photo.');
  let clean: CleanImage;
  try {
    clean = await reencode(file.bytes, { maxPixels: settings.maxPixels, maxEdge: settings.maxEdge, quality: settings.quality });
  } catch (err) {
    if (err instanceof HttpProblem || err instanceof FileRefusal) throw err;
    const message = String((err as Error)?.message ?? err);
    if (/pixel limit/i.test(message)) throw new HttpProblem(413, 'public_space.photo_too_many_pixels', 'The photo has too many pixels.', { params: { maxMegapixels: settings.maxPixels / 1e6 } });
    if (parsed.format === 'heic') {
      throw new HttpProblem(422, 'public_space.photo_format_unsupported', 'This server cannot read HEIC photos: send a JPEG.', { params: { format: 'HEIC' } });
    }
    throw new HttpProblem(422, 'public_space.photo_unreadable', 'The photo could not be read.');
  }
  let remaining: string[];
  try {
    remaining = await metadataBlocks(clean.bytes);
  } catch {
    remaining = ['unreadable'];
  }
  if (remaining.length) {
    ctx.log.warn({ remaining }, 'public-space: photo refused, metadata could not be removed');
    throw new HttpProblem(422, 'public_space.photo_strip_failed', 'The photo’s metadata could not be removed: it was not stored.');
  }
  return { ...clean, sourceFormat: parsed.format };
}

/** Stores a cleaned photo, not yet attached: the uploader gets a token to attach it to a report. */
export async function uploadPhoto(ctx: AppContext, file: UploadedPhoto, reencode?: Reencoder): Promise<PhotoUpload> {
  const clean = await cleanPhoto(ctx, file, reencode);
  const keys = await publicSpaceKeys(ctx.db);
  const token = newSecretToken();
  const [row] = await ctx.db
    .insert(publicSpacePhotos)
    .values({
      uploadTokenHash: keys.uploadTokenHash(token),
      bytes: clean.bytes,
      format: clean.format,
      width: clean.width,
      height: clean.height,
      sha256: createHash('sha256').update(clean.bytes).digest('hex'),
      sourceFormat: clean.sourceFormat,
    })
    .returning({ id: publicSpacePhotos.id, createdAt: publicSpacePhotos.createdAt });
  return {
    id: row!.id,
    token,
    width: clean.width,
    height: clean.height,
    format: clean.format,
    expiresAt: new Date(row!.createdAt.getTime() + PENDING_UPLOAD_HOURS * 3_600_000).toISOString(),
  };
}

/** Attaches uploaded photos to a report inside its transaction; refuses unknown, foreign or expired uploads. */
export async function attachPhotos(tx: DbOrTx, ctx: AppContext, reportId: string, refs: readonly { id: string; token: string }[]): Promise<number> {
  if (refs.length === 0) return 0;
  const keys = await publicSpaceKeys(ctx.db);
  let attached = 0;
  for (const ref of refs) {
    const rows = await tx
      .update(publicSpacePhotos)
      .set({ reportId, uploadTokenHash: null, updatedAt: new Date() })
      .where(
        and(
          eq(publicSpacePhotos.id, ref.id),
          isNull(publicSpacePhotos.reportId),
          eq(publicSpacePhotos.uploadTokenHash, keys.uploadTokenHash(ref.token)),
          sql`${publicSpacePhotos.createdAt} > now() - make_interval(hours => ${PENDING_UPLOAD_HOURS})`,
        ),
      )
      .returning({ id: publicSpacePhotos.id });
    if (rows.length === 0) throw new HttpProblem(422, 'public_space.photo_upload_unknown', 'A photo to attach is unknown, expired or already used.', { params: { id: ref.id } });
    attached++;
  }
  return attached;
}

export async function photoBytes(ctx: AppContext, photoId: string, opts: { staff: boolean }): Promise<{ bytes: Buffer; format: string; sha256: string }> {
  const [row] = await ctx.db
    .select({ bytes: publicSpacePhotos.bytes, format: publicSpacePhotos.format, sha256: publicSpacePhotos.sha256, public: publicSpacePhotos.public, reportId: publicSpacePhotos.reportId })
    .from(publicSpacePhotos)
    .where(eq(publicSpacePhotos.id, photoId));
  if (!row || !row.reportId || (!opts.staff && !row.public)) throw notFound('Photo');
  return row;
}

/**
 * Blacks out a rectangle (a face, a number plate) and re-encodes: the row's bytes are replaced,
 * so the original exists nowhere in the module's storage. Audited.
 */
export async function blackoutPhoto(
  ctx: AppContext,
  actor: Actor,
  photoId: string,
  rect: { x: number; y: number; width: number; height: number },
): Promise<{ id: string; width: number; height: number; blackedOut: number }> {
  const [photo] = await ctx.db.select().from(publicSpacePhotos).where(eq(publicSpacePhotos.id, photoId));
  if (!photo || !photo.reportId) throw notFound('Photo');
  if (rect.x >= photo.width || rect.y >= photo.height) {
    throw new HttpProblem(422, 'public_space.blackout_outside', 'The rectangle is outside the photo.', { params: { width: photo.width, height: photo.height } });
  }
  const width = Math.min(rect.width, photo.width - rect.x);
  const height = Math.min(rect.height, photo.height - rect.y);
  const settings = await photoSettings(ctx);
  const box = await sharp({ create: { width, height, channels: 3, background: '#000000' } })
    .png()
    .toBuffer();
  const bytes = await sharp(photo.bytes, { limitInputPixels: settings.maxPixels })
    .composite([{ input: box, left: rect.x, top: rect.y }])
    .jpeg({ quality: settings.quality, mozjpeg: true })
    .toBuffer();
  if ((await metadataBlocks(bytes)).length) throw new HttpProblem(422, 'public_space.photo_strip_failed', 'The photo’s metadata could not be removed.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return ctx.db.transaction(async (tx) => {
    // The photo may have changed meanwhile (another blackout): only the version read is replaced.
    const updated = await tx
      .update(publicSpacePhotos)
      .set({ bytes, sha256, blackedOut: sql`${publicSpacePhotos.blackedOut} + 1`, updatedAt: new Date() })
      .where(and(eq(publicSpacePhotos.id, photoId), eq(publicSpacePhotos.sha256, photo.sha256)))
      .returning({ id: publicSpacePhotos.id, blackedOut: publicSpacePhotos.blackedOut });
    if (!updated.length) throw new HttpProblem(409, 'public_space.photo_changed', 'The photo changed meanwhile: reload it and try again.');
    await tx.insert(publicSpaceReportEvents).values({
      reportId: photo.reportId!,
      kind: 'photo',
      public: false,
      data: { photoId, blackout: { x: rect.x, y: rect.y, width, height }, sha256Before: photo.sha256, sha256After: sha256 },
      actorType: actor.type,
      actorId: actor.id,
    });
    await recordAudit(tx, actor, {
      action: 'public-space.photo_blacked_out',
      subjectType: 'public_space_photo',
      subjectId: photoId,
      before: { sha256: photo.sha256 },
      after: { sha256, rect: { x: rect.x, y: rect.y, width, height } },
    });
    return { id: photoId, width: photo.width, height: photo.height, blackedOut: updated[0]!.blackedOut };
  });
}

export async function setPhotoVisibility(ctx: AppContext, actor: Actor, photoId: string, visible: boolean): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.update(publicSpacePhotos).set({ public: visible, updatedAt: new Date() }).where(eq(publicSpacePhotos.id, photoId)).returning({ id: publicSpacePhotos.id, reportId: publicSpacePhotos.reportId });
    if (!rows.length || !rows[0]!.reportId) throw notFound('Photo');
    await recordAudit(tx, actor, { action: 'public-space.photo_visibility', subjectType: 'public_space_photo', subjectId: photoId, after: { public: visible } });
  });
}

/** Pending uploads never attached, removed by the retention rule. */
export const pendingUploadsBefore = (cutoff: Date) => and(isNull(publicSpacePhotos.reportId), lt(publicSpacePhotos.createdAt, cutoff));
