/**
 * What the public space module offers the other modules (`ctx.services['public-space']`, after
 * declaring `dependsOn: ['public-space']`): counts of reports per district, for the observatory's
 * indicators and the communication module's neighbourhood news.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/modules';
import { categoryCatalogue, queryAll, withDescendants } from './common';

export interface PublicSpaceServices {
  /**
   * Reports per zone of the district zoning they were located in, over a period (ISO dates,
   * inclusive), optionally for some categories (a parent includes its children) and only the open ones.
   */
  reportCountsByDistrict(opts: { from: string; to: string; categories?: readonly string[]; openOnly?: boolean }): Promise<{ zoning: string; code: string; reports: number }[]>;
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
  };
}
