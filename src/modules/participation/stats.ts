/** Following a consultation live: participants, votes, contributions per day and per district. */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/modules';
import type { ConsultationStats } from './api-schemas';
import { districtsOf, loadConsultation, queryAll } from './common';

/** The day (YYYY-MM-DD) an instant falls on in Paris, as the back-office counts days. */
function parisDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export async function consultationStats(ctx: AppContext, consultationId: string, range: { from?: string; to?: string }): Promise<ConsultationStats> {
  const c = await loadConsultation(ctx.db, consultationId);
  const from = range.from ?? parisDay(c.openedAt ?? c.createdAt);
  const to = range.to ?? parisDay(new Date());
  const [totals] = await queryAll<Record<string, string>>(
    ctx.db,
    sql`SELECT
        (SELECT count(*) FROM participation_participants WHERE consultation_id = ${c.id}) AS participants,
        (SELECT count(DISTINCT participant_id) FROM participation_votes WHERE consultation_id = ${c.id}) AS voters,
        (SELECT count(*) FROM participation_votes WHERE consultation_id = ${c.id}) AS votes,
        (SELECT count(*) FROM participation_vote_events WHERE consultation_id = ${c.id}) AS vote_events,
        (SELECT count(*) FROM participation_statements WHERE consultation_id = ${c.id}) AS statements,
        (SELECT count(*) FROM participation_contributions WHERE consultation_id = ${c.id}) AS contributions,
        (SELECT count(*) FROM participation_participants WHERE consultation_id = ${c.id} AND email_confirmed_at IS NOT NULL) AS confirmed,
        (SELECT count(*) FROM participation_statements WHERE consultation_id = ${c.id} AND status = 'pending')
          + (SELECT count(*) FROM participation_contributions WHERE consultation_id = ${c.id} AND status = 'pending') AS pending`,
  );
  // Days in Paris time, as the back-office reads them.
  const day = (column: string) => sql.raw(`to_char((${column} AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD')`);
  const inRange = (column: string) => sql`(${sql.raw(column)} AT TIME ZONE 'Europe/Paris')::date BETWEEN ${from}::date AND ${to}::date`;
  const perDay = await queryAll<{ day: string; participants: string; votes: string; contributions: string; statements: string }>(
    ctx.db,
    sql`SELECT d.day, coalesce(p.n, 0) AS participants, coalesce(v.n, 0) AS votes, coalesce(k.n, 0) AS contributions, coalesce(s.n, 0) AS statements
        FROM (SELECT to_char(g::date, 'YYYY-MM-DD') AS day FROM generate_series(${from}::date, ${to}::date, interval '1 day') g) d
        LEFT JOIN (SELECT ${day('created_at')} AS day, count(*) AS n FROM participation_participants WHERE consultation_id = ${c.id} AND ${inRange('created_at')} GROUP BY 1) p ON p.day = d.day
        LEFT JOIN (SELECT ${day('voted_at')} AS day, count(*) AS n FROM participation_vote_events WHERE consultation_id = ${c.id} AND ${inRange('voted_at')} GROUP BY 1) v ON v.day = d.day
        LEFT JOIN (SELECT ${day('created_at')} AS day, count(*) AS n FROM participation_contributions WHERE consultation_id = ${c.id} AND ${inRange('created_at')} GROUP BY 1) k ON k.day = d.day
        LEFT JOIN (SELECT ${day('created_at')} AS day, count(*) AS n FROM participation_statements WHERE consultation_id = ${c.id} AND ${inRange('created_at')} GROUP BY 1) s ON s.day = d.day
        ORDER BY d.day`,
  );
  const perDistrict = await queryAll<{ district: string | null; participants: string; votes: string; contributions: string }>(
    ctx.db,
    sql`SELECT p.district, count(DISTINCT p.id) AS participants,
          (SELECT count(*) FROM participation_votes v JOIN participation_participants q ON q.id = v.participant_id
            WHERE v.consultation_id = ${c.id} AND q.district IS NOT DISTINCT FROM p.district) AS votes,
          (SELECT count(*) FROM participation_contributions k LEFT JOIN participation_participants q ON q.id = k.participant_id
            WHERE k.consultation_id = ${c.id} AND coalesce(k.district, q.district) IS NOT DISTINCT FROM p.district) AS contributions
        FROM participation_participants p WHERE p.consultation_id = ${c.id}
        GROUP BY p.district ORDER BY p.district NULLS LAST`,
  );
  const names = new Map((await districtsOf(ctx, c)).zones.map((z) => [z.code, z.name]));
  const n = (v: string | undefined) => Number(v ?? 0);
  return {
    consultationId: c.id,
    totals: {
      participants: n(totals?.participants),
      participantsWhoVoted: n(totals?.voters),
      votes: n(totals?.votes),
      voteEvents: n(totals?.vote_events),
      statements: n(totals?.statements),
      contributions: n(totals?.contributions),
      emailConfirmed: n(totals?.confirmed),
      pendingModeration: n(totals?.pending),
    },
    perDay: perDay.map((r) => ({ day: r.day, participants: n(r.participants), votes: n(r.votes), contributions: n(r.contributions), statements: n(r.statements) })),
    perDistrict: perDistrict.map((r) => ({
      district: r.district,
      name: r.district ? (names.get(r.district) ?? null) : null,
      participants: n(r.participants),
      votes: n(r.votes),
      contributions: n(r.contributions),
    })),
  };
}
