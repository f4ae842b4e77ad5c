/**
 * Multipart uploads (imports of files by agents): the platform's one reader of a
 * `multipart/form-data` body. Each file part is buffered within the server's upload limit (the
 * multipart plugin's `fileSize`), its name and type cleaned of control characters; the other parts
 * are text fields. What the body holds is then the module's to validate (its fields through zod,
 * its file through `ctx.files.parse`).
 */
import type { FastifyRequest } from 'fastify';
import { refuseFile } from '../files/index';
import { stripControlCharacters } from '../validation/text';
import { badRequest, HttpProblem } from './problem';

/** A file as received: its cleaned name and declared type, and its bytes (not yet trusted). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

export interface MultipartBody {
  /** At most one file per accepted field. */
  files: Map<string, UploadedFile>;
  fields: Record<string, string>;
}

export interface MultipartOptions {
  /** Fields that may carry a file; a file in another field, or a second one in the same, refuses the body. */
  fileFields: readonly string[];
  /** The server's upload limit in bytes, named in the 413 answer. */
  uploadLimit: number;
  /** The problem code of a body with a misplaced or extra file ("participation.import_fields"). */
  problemCode: string;
  /** The file's name when the browser sent none (default: the field's name). */
  defaultFilename?: string;
}

/** A file name as stored and shown: one line (tabs and line breaks become spaces), no control characters, at most 255 characters. */
export function uploadFilename(name: string, fallback: string): string {
  return (
    stripControlCharacters(name.replace(/[\r\n\t]+/g, ' '))
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 255)
      .trim() || fallback
  );
}

export interface MultipartFilesOptions extends MultipartOptions {
  /** Files accepted in all, several per field allowed (the multipart plugin's `files` limit should match). */
  maxFiles: number;
  /** Cap on the files' total size, refused with 413 and its own problem code. */
  total?: { maxBytes: number; problemCode: string };
}

/** The multipart plugin's count limits (files, parts, text fields): the body is not what the endpoint takes, whatever its size. */
export const MULTIPART_COUNT_LIMITS: ReadonlySet<string> = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * Reads the whole body, files in the order sent; refuses (415) a body that is not multipart, (400) a
 * file outside `fileFields` or more files or fields than the endpoint takes (with the module's
 * problem code, whose message says what to send), (413) a file or the files' total beyond the size
 * limits. The parts read before a refusal are dropped: nothing has been stored.
 */
export async function readMultipartFiles(request: FastifyRequest, opts: MultipartFilesOptions): Promise<{ files: (UploadedFile & { field: string })[]; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new HttpProblem(415, 'unsupported_media_type', 'This endpoint expects multipart/form-data.');
  const files: (UploadedFile & { field: string })[] = [];
  const fields: Record<string, string> = {};
  let total = 0;
  const where = opts.fileFields.length === 1 ? `in the field "${opts.fileFields[0]}"` : `in the fields ${opts.fileFields.join(', ')}`;
  const refuseMisplaced = () =>
    badRequest(opts.problemCode, Number.isFinite(opts.maxFiles) ? `Send at most ${opts.maxFiles} file(s), ${where}.` : `Send files only ${where}.`);
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (!opts.fileFields.includes(part.fieldname) || files.length >= opts.maxFiles) {
          // The part must be consumed for the body to be read to its end before the answer.
          await part.toBuffer();
          throw refuseMisplaced();
        }
        const bytes = await part.toBuffer();
        total += bytes.length;
        if (opts.total && total > opts.total.maxBytes) {
          const maxMegabytes = Math.round(opts.total.maxBytes / 1048576);
          throw new HttpProblem(413, opts.total.problemCode, `The upload exceeds ${maxMegabytes} MB in total.`, { params: { maxMegabytes } });
        }
        files.push({
          field: part.fieldname,
          filename: uploadFilename(part.filename, opts.defaultFilename || part.fieldname),
          mimetype: stripControlCharacters(part.mimetype).slice(0, 200),
          bytes,
        });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw refuseFile.tooLarge(opts.uploadLimit);
    // Too many files or fields is a body of the wrong shape, not a large one: 400, saying what to send.
    if (code !== undefined && MULTIPART_COUNT_LIMITS.has(code)) throw refuseMisplaced();
    throw err;
  }
  return { files, fields };
}

/**
 * At most one file per field: refuses (415) a body that is not multipart, (400) a file outside
 * `fileFields`, a second file in one field or more parts than the endpoint takes, (413) a file
 * beyond the size limit.
 */
export async function readMultipart(request: FastifyRequest, opts: MultipartOptions): Promise<MultipartBody> {
  const files = new Map<string, UploadedFile>();
  const read = await readMultipartFiles(request, { ...opts, maxFiles: Number.POSITIVE_INFINITY });
  for (const { field, ...file } of read.files) {
    if (files.has(field)) throw badRequest(opts.problemCode, `Send one file per field, in: ${opts.fileFields.join(', ')}.`);
    files.set(field, file);
  }
  return { files, fields: read.fields };
}

/** A body with at most one file, in the field `file`, and text fields. */
export async function readFileUpload(
  request: FastifyRequest,
  opts: Omit<MultipartOptions, 'fileFields'>,
): Promise<{ file: UploadedFile | null; fields: Record<string, string> }> {
  const { files, fields } = await readMultipart(request, { ...opts, fileFields: ['file'] });
  return { file: files.get('file') ?? null, fields };
}
