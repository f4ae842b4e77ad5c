/**
 * What the public space module offers the other modules (`ctx.services['public-space']`, after
 * declaring `dependsOn: ['public-space']`): counts of reports per district, for the observatory's
 * indicators and the communication module's neighbourhood news; the reports the public sees, new or
 * resolved since a time, for the communication module's alerts.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/modules';
import type { ReportStatus } from './api-schemas';
import { categoryCatalogue, queryAll, withDescendants } from './common';

export interface PublicSpaceServices {
  /**
   * Reports per zone of the district zoning they were located in, over a period (ISO dates,
   * inclusive), optionally for some categories (a parent includes its children) and only the open ones.
   */
  reportCountsByDistrict(opts: { from: string; to: string; categories?: readonly string[]; openOnly?: boolean }): Promise<{ zoning: string; code: string; reports: number }[]>;
  /**
   * Events of the reports the public sees (not merged into another), oldest first, strictly after
   * `after`, at most `limit`: `new` when a report was filed (at its filing time; not a rejected one),
   * `resolved` when it is done (at its resolution time). Only what the public pages and open data show
   * already: the report's number (its page is `/signalements/<id>`), category, status, address label
   * and district; never the description nor any contact.
   */
  publicReportsSince(cursor: { after: Date; limit: number }): Promise<PublicReportEvent[]>;
}

export interface PublicReportEvent {
  /** The report's public number, as in `/signalements/<id>`. */
  id: string;
  event: 'new' | 'resolved';
  at: Date;
  status: ReportStatus;
  category: { code: string; name: string; parentCode: string | null };
  /** The address label shown on the public page (from the address base), or null. */
  address: string | null;
  district: { zoning: string; code: string } | null;
}

export function createPublicSpaceServices(ctx: AppContext): PublicSpaceServices {
  return {
    async reportCountsByDistrict(opts) {
      const codes = opts.categories?.length ? withDescendants(await categoryCatalogue(ctx), opts.categories) : null;
      const rows = await queryAll<{ zoning: string; code: string; n: number }>(
        ctx.db,
        sql`SELECT district_zoning AS zoning, district_code AS code, count(*)::int AS n FROM public_space_reports
            WHERE district_code IS NOT NULL AND merged_into_id IS NULL
              AND requested_at >= ${opts.from}::date AND requested_at < ${opts.to}::date + 1
              ${codes ? sql`AND category_code IN ${codes}` : sql``}
              ${opts.openOnly ? sql`AND status IN ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch')` : sql``}
            GROUP BY district_zoning, district_code ORDER BY district_zoning, district_code`,
      );
      return rows.map((r) => ({ zoning: r.zoning, code: r.code, reports: Number(r.n) }));
    },

    async publicReportsSince(cursor) {
      const limit = Math.max(1, Math.min(1000, Math.floor(cursor.limit)));
      const after = cursor.after.toISOString();
      const rows = await queryAll<{ id: string; event: 'new' | 'resolved'; at: string | Date; status: ReportStatus; category_code: string; name: string | null; parent_code: string | null; address: string | null; zoning: string | null; code: string | null }>(
        ctx.db,
        sql`SELECT e.id, e.event, e.at, e.status, e.category_code, c.name_fr AS name, c.parent_code, e.address, e.zoning, e.code
            FROM (
              SELECT number::text AS id, 'new' AS event, requested_at AS at, status, category_code, address, district_zoning AS zoning, district_code AS code, number
                FROM public_space_reports WHERE merged_into_id IS NULL AND status <> 'rejected' AND requested_at > ${after}::timestamptz
              UNION ALL
              SELECT number::text, 'resolved', resolved_at, status, category_code, address, district_zoning, district_code, number
                FROM public_space_reports WHERE merged_into_id IS NULL AND status = 'done' AND resolved_at > ${after}::timestamptz
            ) e LEFT JOIN public_space_categories c ON c.code = e.category_code
            ORDER BY e.at, e.number, e.event LIMIT ${limit}`,
      );
      return rows.map((r) => ({
        id: r.id,
        event: r.event,
        at: new Date(r.at),
        status: r.status,
        category: { code: r.category_code, name: r.name ?? r.category_code, parentCode: r.parent_code },
        address: r.address,
        district: r.zoning && r.code ? { zoning: r.zoning, code: r.code } : null,
      }));
    },
  };
}
