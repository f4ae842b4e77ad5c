/**
 * The map's platform routes: the basemap the web draws, and the PMTiles file served with HTTP
 * Range requests (RFC 9110 §14): the `pmtiles` protocol reads a header and then only the tiles
 * in view, never the whole file.
 */
import fs from 'node:fs';
import { HttpProblem } from '../http/problem';
import type { App, AppContext } from '../modules';
import type { MapSetting } from '../settings/api-schemas';
import { MAP_KEY } from '../settings/core';
import { basemapSchema } from './api-schemas';
import { basemapView, PMTILES_PATH } from './basemap';

const TAGS = ['map'];

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range; several are answered as the whole file, as RFC 9110 allows). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function mapRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/public/map',
    { schema: { tags: TAGS, summary: 'The basemap maps draw (setting platform.map): none (the territory’s outlines on a plain background), a style URL, or the PMTiles file served here', response: { 200: basemapSchema } } },
    async () => basemapView(await ctx.settings.get<MapSetting>(MAP_KEY), ctx.config.mapTiles),
  );

  const tiles = async (request: { headers: Record<string, string | string[] | undefined>; method: string }, reply: import('fastify').FastifyReply) => {
    const setting = await ctx.settings.get<MapSetting>(MAP_KEY);
    const file = ctx.config.mapTiles;
    if (setting.basemap !== 'pmtiles' || !file) throw new HttpProblem(404, 'not_found', 'No PMTiles basemap is configured.');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new HttpProblem(404, 'not_found', 'The PMTiles file is missing.');
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    reply.header('accept-ranges', 'bytes').header('etag', etag).header('cache-control', 'public, max-age=3600').type('application/vnd.pmtiles');
    const ifRange = request.headers['if-range'];
    const rangeHeader = typeof ifRange === 'string' && ifRange !== etag ? undefined : (request.headers.range as string | undefined);
    const range = parseRange(rangeHeader, stat.size);
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${stat.size}`).send();
    const { start, end } = range ?? { start: 0, end: stat.size - 1 };
    reply.header('content-length', String(end - start + 1));
    if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${stat.size}`);
    if (request.method === 'HEAD') return reply.send();
    return reply.send(fs.createReadStream(file, { start, end }));
  };
  app.get(PMTILES_PATH, { schema: { tags: TAGS, summary: 'The PMTiles basemap file, with Range requests (206 Partial Content)' }, config: { rateLimit: false } }, tiles);
}
