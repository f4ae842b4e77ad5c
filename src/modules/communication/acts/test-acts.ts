/**
 * Tests only: the Montpellier deliberations of 24 April 2014, read from the shared data folder
 * (never copied into the repository) through the platform's file parser, as an upload would be.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileParser } from '../../../platform/files/index.js';

export const MONTPELLIER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/communication/montpellier-deliberations');
export const haveMontpellierActs = existsSync(join(MONTPELLIER_DIR, '2014-04-24-0000071276.pdf'));

/** The text of each named act (file name without its folder), as the platform extracts it. */
export async function readMontpellierActs(names: readonly string[]): Promise<Record<string, string>> {
  const parser = createFileParser({ concurrency: 1 });
  try {
    const out: Record<string, string> = {};
    for (const name of names) {
      const parsed = await parser.parse(readFileSync(join(MONTPELLIER_DIR, name)), { accept: ['pdf'], filename: name });
      if (parsed.kind !== 'document') throw new Error(`${name} is not a document`);
      out[name] = parsed.text;
    }
    return out;
  } finally {
    await parser.close();
  }
}
