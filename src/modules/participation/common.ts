/** What the participation services share: loading a consultation, visibility, numbering, attribution. */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { ZoneSummary } from '../territory/contract';
import type { VoteChoice } from './api-schemas';
import { POLIS_OPEN_DATA_ATTRIBUTION } from './polis-format/index';
import { participationConsultations, participationContributions, participationStatements } from './schema';

export type ConsultationRow = typeof participationConsultations.$inferSelect;
export type StatementRow = typeof participationStatements.$inferSelect;
export type ContributionRow = typeof participationContributions.$inferSelect;

export async function loadConsultation(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ConsultationRow> {
  const query = db.select().from(participationConsultations).where(eq(participationConsultations.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Consultation');
  return row;
}

/** A draft is the staff's only: to the public it does not exist. */
export async function loadPublicConsultation(db: DbOrTx, id: string): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  if (row.phase === 'draft') throw notFound('Consultation');
  return row;
}

export function assertOpen(c: ConsultationRow): void {
  if (c.phase !== 'open') throw new HttpProblem(409, 'participation.not_open', 'This consultation is not open for participation.', { phase: c.phase });
}

export function attributionOf(c: Pick<ConsultationRow, 'polisAttribution'>): string | null {
  return c.polisAttribution ? POLIS_OPEN_DATA_ATTRIBUTION : null;
}

/**
 * Published items: accepted ones, and, in a consultation moderated after publication, those no
 * moderator has looked at yet. `alias` is the table's alias in the query; `consultation` the
 * consultation's (for its moderation mode).
 */
export function visibleSql(item: SQL, moderationMode: SQL): SQL {
  return sql`(${item}.status = 'accepted' OR (${item}.status = 'pending' AND ${moderationMode} = 'after'))`;
}

export function isVisible(status: string, moderationMode: string): boolean {
  return status === 'accepted' || (status === 'pending' && moderationMode === 'after');
}

/** The status a new item gets: published at once when moderation comes after publication, but still to be looked at. */
export const NEW_ITEM_STATUS = 'pending' as const;

/** Reserves `n` consecutive numbers (participants, statements or contributions) of a consultation; returns the first. */
export async function allocateNumbers(
  tx: DbOrTx,
  consultationId: string,
  counter: 'participant' | 'statement' | 'contribution',
  n = 1,
): Promise<number> {
  const column = {
    participant: sql.raw('next_participant_number'),
    statement: sql.raw('next_statement_number'),
    contribution: sql.raw('next_contribution_number'),
  }[counter];
  const result = (await tx.execute(
    sql`UPDATE participation_consultations SET ${column} = ${column} + ${n} WHERE id = ${consultationId} RETURNING ${column} - ${n} AS first`,
  )) as unknown as { rows: { first: number | string }[] };
  const first = result.rows[0]?.first;
  if (first === undefined) throw notFound('Consultation');
  return Number(first);
}

export const VOTE_VALUE: Record<VoteChoice, 1 | -1 | 0> = { agree: 1, disagree: -1, pass: 0 };
export function voteChoice(value: number): VoteChoice {
  return value === 1 ? 'agree' : value === -1 ? 'disagree' : 'pass';
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

/** A SQL array literal of text values (drizzle would otherwise expand an array into a list). */
export function textArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::text[]`;
  return sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

export function uuidArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::uuid[]`;
  return sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::uuid[]`;
}

/** The districts of a consultation: its zoning (or the served territory's district zoning) and its zones. */
export interface Districts {
  zoning: string | null;
  zones: ZoneSummary[];
}

export async function districtsOf(ctx: AppContext, c: Pick<ConsultationRow, 'districtZoning'>): Promise<Districts> {
  const territory = ctx.services.territory;
  const zoning = c.districtZoning ?? (await territory.servedTerritory()).districtZoning?.code ?? null;
  if (!zoning) return { zoning: null, zones: [] };
  return { zoning, zones: (await territory.listZones(zoning)) ?? [] };
}

export async function queryAll<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Whether an error is the database refusing a unique constraint (any driver). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: unknown };
  const inner = (e?.cause ?? e) as { code?: string; constraint?: string; message?: string };
  const code = e?.code ?? inner?.code;
  if (code !== '23505' && !/duplicate key value/.test(String(e?.message ?? inner?.message ?? ''))) return false;
  if (!constraint) return true;
  return (e?.constraint ?? inner?.constraint) === constraint || String(e?.message ?? inner?.message ?? '').includes(constraint);
}
