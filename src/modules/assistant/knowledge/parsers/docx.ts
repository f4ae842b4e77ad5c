import mammoth from 'mammoth';
import { IngestionError, MESSAGES } from '../errors';
import { htmlToText } from './html';

/** DOCX → HTML (mammoth keeps Word's heading styles as h1…h6) → the stored text form. */
export async function parseDocx(bytes: Uint8Array): Promise<{ title: string | null; body: string }> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new IngestionError('knowledge.invalid_file', MESSAGES.invalidFile);
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw new IngestionError('knowledge.invalid_file', MESSAGES.invalidFile);
  }
  const { title, body } = htmlToText(`<body>${html}</body>`);
  if (!body) throw new IngestionError('knowledge.empty_document', MESSAGES.emptyDocument);
  return { title, body };
}
