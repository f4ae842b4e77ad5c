/** `GET /api/public/map`: the basemap maps draw, in zod (the route declares it, the web reads its type). Pure: zod only. */
import { z } from 'zod';

export const basemapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), attribution: z.null() }),
  z.object({ kind: z.literal('style'), styleUrl: z.string(), attribution: z.string().nullable() }),
  z.object({ kind: z.literal('pmtiles'), url: z.string(), attribution: z.string().nullable() }),
]);

export type BasemapView = z.infer<typeof basemapSchema>;
