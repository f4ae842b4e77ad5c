/**
 * A dBase III table reader (the .dbf of a shapefile): a 32-byte header (record count at 4,
 * header length at 8, record length at 10), 32-byte field descriptors up to a 0x0D byte, then
 * fixed-width records each led by a deletion flag. Numeric fields (N, F) give numbers, or null
 * when blank; text fields (C) are trimmed; logical (L) give booleans or null; dates (D) stay
 * YYYYMMDD text. Deleted records are skipped. Text is read as Latin-1 unless told otherwise (a
 * shapefile's .cpg says which).
 */

export type DbfValue = string | number | boolean | null;

export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfTable {
  fields: DbfField[];
  records: Record<string, DbfValue>[];
}

const HEADER_LENGTH = 32;
const DESCRIPTOR_LENGTH = 32;
const DESCRIPTORS_END = 0x0d;

export function parseDbf(bytes: Uint8Array, encoding = 'latin1'): DbfTable {
  if (bytes.length < HEADER_LENGTH) throw new Error('dBase: the file is shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength > bytes.length) throw new Error(`dBase: the header claims ${headerLength} bytes, the file has ${bytes.length}`);
  const decoder = new TextDecoder(encoding);

  const fields: DbfField[] = [];
  let offset = HEADER_LENGTH;
  let recordWidth = 1; // the deletion flag
  while (offset < headerLength && bytes[offset] !== DESCRIPTORS_END) {
    if (offset + DESCRIPTOR_LENGTH > headerLength) throw new Error('dBase: a field descriptor runs past the header');
    const nameBytes = bytes.subarray(offset, offset + 11);
    const nul = nameBytes.indexOf(0);
    const name = decoder.decode(nul >= 0 ? nameBytes.subarray(0, nul) : nameBytes).trim();
    const type = String.fromCharCode(bytes[offset + 11]!);
    const length = bytes[offset + 16]!;
    const decimals = bytes[offset + 17]!;
    fields.push({ name, type, length, decimals });
    recordWidth += length;
    offset += DESCRIPTOR_LENGTH;
  }
  if (recordWidth !== recordLength) {
    throw new Error(`dBase: the fields add up to ${recordWidth} bytes per record, the header says ${recordLength}`);
  }
  if (headerLength + recordCount * recordLength > bytes.length) {
    throw new Error(`dBase: ${recordCount} records of ${recordLength} bytes do not fit in the file`);
  }

  const records: Record<string, DbfValue>[] = [];
  for (let r = 0; r < recordCount; r++) {
    const start = headerLength + r * recordLength;
    if (bytes[start] === 0x2a) continue; // '*': deleted
    const record: Record<string, DbfValue> = {};
    let at = start + 1;
    for (const field of fields) {
      const raw = decoder.decode(bytes.subarray(at, at + field.length));
      record[field.name] = fieldValue(field, raw, r);
      at += field.length;
    }
    records.push(record);
  }
  return { fields, records };
}

function fieldValue(field: DbfField, raw: string, record: number): DbfValue {
  const text = raw.replace(/\0/g, ' ').trim();
  switch (field.type) {
    case 'N':
    case 'F': {
      if (text === '' || /^\*+$/.test(text) || text === '?') return null;
      const value = Number(text);
      if (!Number.isFinite(value)) throw new Error(`dBase: record ${record + 1}, field ${field.name}: "${text}" is not a number`);
      return value;
    }
    case 'L':
      if (/^[YyTt]$/.test(text)) return true;
      if (/^[NnFf]$/.test(text)) return false;
      return null;
    default:
      return text;
  }
}

/** A numeric column as a Float64Array; a missing value is an error naming the record. */
export function numericColumn(table: DbfTable, name: string): Float64Array {
  if (!table.fields.some((f) => f.name === name)) throw new Error(`dBase: no field named ${name}`);
  return Float64Array.from(table.records, (record, r) => {
    const value = record[name];
    if (typeof value !== 'number') throw new Error(`dBase: record ${r + 1} has no number in ${name}`);
    return value;
  });
}
