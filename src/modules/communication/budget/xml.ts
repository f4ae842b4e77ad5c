/**
 * A small XML reader for untrusted budget files (TOTEM), pure and linear. It reads elements and
 * their attributes (TOTEM carries its values in `V="…"` attributes) and ignores text. It refuses a
 * document type declaration outright — no DTD, so no entity can be declared, let alone expanded
 * ("billion laughs", external entities) — knows only the five predefined entities and character
 * references, and stops at a size, depth and element-count limit. Namespace prefixes are dropped
 * (`bl:ProduitGF` is `ProduitGF`).
 *
 * Bytes are decoded as the XML declaration says: UTF-8 (strict) or ISO-8859-1/Windows-1252, the
 * encoding of the TOTEM files the treasury's tools write.
 */

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
  /** Wall time of one read, in milliseconds (checked every few thousand elements). */
  maxMs?: number;
}

export const XML_LIMITS: XmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64, maxElements: 2_000_000 };

export class XmlError extends Error {
  constructor(
    readonly code: 'too_large' | 'doctype' | 'malformed' | 'too_deep' | 'too_many_elements' | 'encoding' | 'too_slow',
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlHandler {
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string): void;
}

// A Map, not an object: `&constructor;` must not resolve through Object.prototype.
const ENTITIES = new Map<string, string>([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** The XML 1.0 `Char` production: tab, LF, CR, and no other control character, surrogate or U+FFFE/U+FFFF. */
const isXmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

function decodeEntities(value: string, line: number): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);|&/g, (whole, ref: string | undefined) => {
    if (!ref) throw new XmlError('malformed', 'A bare "&" in an attribute value.', line);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(code)) throw new XmlError('malformed', `Bad character reference ${whole}.`, line);
      return String.fromCodePoint(code);
    }
    const named = ENTITIES.get(ref);
    if (named === undefined) throw new XmlError('malformed', `Unknown entity ${whole} (documents may not declare entities).`, line);
    return named;
  });
}

/** The text of the bytes, in the encoding the XML declaration names (UTF-8 by default). */
export function decodeXml(bytes: Uint8Array, limits: XmlLimits = XML_LIMITS): string {
  if (bytes.byteLength > limits.maxBytes) throw new XmlError('too_large', `The file is larger than ${limits.maxBytes} bytes.`);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const head = Buffer.from(bytes.subarray(start, start + 200)).toString('latin1');
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const latin = ['iso-8859-1', 'iso-8859-15', 'latin1', 'windows-1252', 'cp1252'];
  if (declared === 'utf-8' || declared === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
    } catch {
      throw new XmlError('encoding', 'The file says it is UTF-8 but is not.');
    }
  }
  if (latin.includes(declared)) return new TextDecoder('windows-1252').decode(bytes.subarray(start));
  throw new XmlError('encoding', `Unsupported encoding "${declared}".`);
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Reads the document, calling the handler for each element's start and end. */
export function readXml(text: string, handler: XmlHandler, limits: XmlLimits = XML_LIMITS): void {
  let i = 0;
  let line = 1;
  const stack: string[] = [];
  let elements = 0;
  let rootSeen = false;
  const started = Date.now();
  const advanceTo = (j: number) => {
    for (let k = i; k < j; k++) if (text.charCodeAt(k) === 10) line++;
    i = j;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      if (text.slice(i).trim()) throw new XmlError('malformed', 'Text after the document.', line);
      advanceTo(text.length);
      break;
    }
    if (stack.length === 0 && text.slice(i, lt).trim()) throw new XmlError('malformed', 'Text outside the root element.', line);
    advanceTo(lt);
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) throw new XmlError('malformed', 'Unclosed processing instruction.', line);
      advanceTo(end + 2);
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('malformed', 'Unclosed comment.', line);
      advanceTo(end + 3);
    } else if (text.startsWith('<![CDATA[', i)) {
      if (!stack.length) throw new XmlError('malformed', 'CDATA outside the root element.', line);
      const end = text.indexOf(']]>', i);
      if (end < 0) throw new XmlError('malformed', 'Unclosed CDATA section.', line);
      advanceTo(end + 3);
    } else if (text.startsWith('<!', i)) {
      throw new XmlError('doctype', 'Document type declarations (DTD, entities) are refused.', line);
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (!m) throw new XmlError('malformed', 'Bad closing tag.', line);
      const gt = text.indexOf('>', NAME.lastIndex);
      if (gt < 0 || text.slice(NAME.lastIndex, gt).trim()) throw new XmlError('malformed', 'Bad closing tag.', line);
      const open = stack.pop();
      if (open !== m[0]) throw new XmlError('malformed', `</${m[0]}> closes <${open ?? '—'}>.`, line);
      handler.close(local(m[0]));
      advanceTo(gt + 1);
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) throw new XmlError('malformed', 'Bad tag.', line);
      if (!stack.length && rootSeen) throw new XmlError('malformed', 'More than one root element.', line);
      const tagLine = line;
      let j = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = j;
        const a = ATTRIBUTE.exec(text);
        if (!a) break;
        const key = local(a[1]!);
        if (!a[1]!.startsWith('xmlns')) attributes[key] = decodeEntities(a[2] ?? a[3] ?? '', tagLine);
        j = ATTRIBUTE.lastIndex;
      }
      while (j < text.length && /\s/.test(text[j]!)) j++;
      const selfClosing = text.startsWith('/>', j);
      if (!selfClosing && text[j] !== '>') throw new XmlError('malformed', `Bad tag <${m[0]}>.`, tagLine);
      if (++elements > limits.maxElements) throw new XmlError('too_many_elements', `More than ${limits.maxElements} elements.`, tagLine);
      if (limits.maxMs !== undefined && (elements & 4095) === 0 && Date.now() - started > limits.maxMs) throw new XmlError('too_slow', `Reading took more than ${limits.maxMs} ms.`, tagLine);
      rootSeen = true;
      handler.open(local(m[0]), attributes, tagLine);
      if (selfClosing) handler.close(local(m[0]));
      else {
        stack.push(m[0]);
        if (stack.length > limits.maxDepth) throw new XmlError('too_deep', `Elements nested deeper than ${limits.maxDepth}.`, tagLine);
      }
      advanceTo(j + (selfClosing ? 2 : 1));
    }
  }
  if (stack.length) throw new XmlError('malformed', `<${stack[stack.length - 1]}> is never closed.`, line);
  if (!rootSeen) throw new XmlError('malformed', 'No element.', line);
}
