/**
 * DOCX → HTML (mammoth keeps Word's heading styles as h1…h6) → the Markdown-like text form.
 * Mammoth gets the document's XML parts already inflated under the limits (see zip.ts), and
 * images are neither read nor inlined: only the text is wanted.
 */
import mammoth from 'mammoth';
import type { FileLimits } from '../limits';
import { refuse } from '../refusal';
import { unpackZip, type ZipEntry } from '../zip';
import { htmlToText } from './html';

const XML_PART = (name: string) => name.endsWith('.xml') || name.endsWith('.rels');

export async function parseDocx(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  limits: Pick<FileLimits, 'maxDecompressedBytes' | 'maxCompressionRatio' | 'maxTextLength'>,
): Promise<{ title: string | null; text: string }> {
  const { archive } = unpackZip(bytes, entries, XML_PART, limits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch {
    throw refuse.unreadable('document Word invalide');
  }
  const { title, body } = htmlToText(`<body>${html}</body>`);
  if (body.length > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
  return { title, text: body };
}
