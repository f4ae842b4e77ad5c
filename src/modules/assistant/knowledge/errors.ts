import { PermanentJobError } from '../../../platform/jobs/queue';

/**
 * An ingestion failure that retrying cannot fix (bad file, scanned PDF…). The code is
 * stable (i18n key on the client); the message is French, shown to the agent as is.
 */
export class IngestionError extends PermanentJobError {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'IngestionError';
  }

  get detail(): string {
    return this.message.slice(this.code.length + 2);
  }
}

/** Splits a job's stored error text back into its code and message. */
export function parseJobError(text: string | null): { code: string; message: string } | null {
  if (!text) return null;
  const m = /^([a-z_]+(?:\.[a-z_]+)+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1]!, message: m[2]! } : { code: 'knowledge.job_failed', message: text };
}

export const MESSAGES = {
  needsOcr: "Ce PDF ne contient pas de texte (document scanné) : il faut d'abord le passer à l'OCR",
  emptyDocument: 'Le document ne contient aucun texte',
} as const;
