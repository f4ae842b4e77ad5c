/**
 * A small XML writer for Open311's documents, pure. Open311 XML is plain elements (no attributes,
 * no namespaces): an object is an element per key in order, an array repeats the element its
 * parent's name calls for (`services` → `service`), null is an empty element.
 *
 * Text is escaped (`& < >` and quotes) and characters XML 1.0 cannot carry at all (C0 controls
 * other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) are dropped:
 * they would make the whole document unreadable to a client's parser.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** The element each list's items are written as. */
export const OPEN311_ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  service_request_updates: 'request_update',
};

// eslint-disable-next-line no-control-regex -- removing the characters XML cannot carry is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function writeElement(name: string, value: XmlValue, out: string[], itemNames: Record<string, string>): void {
  if (!NAME.test(name)) throw new Error(`Not an XML element name: ${name}`);
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`No item element name for the list "${name}"`);
    out.push(`<${name}>`);
    for (const v of value) writeElement(item, v, out, itemNames);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) writeElement(k, v, out, itemNames);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** A whole document, with the UTF-8 declaration Open311 requires. */
export function toXml(root: string, value: XmlValue, itemNames: Record<string, string> = OPEN311_ITEM_NAMES): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeElement(root, value, out, itemNames);
  return out.join('');
}
