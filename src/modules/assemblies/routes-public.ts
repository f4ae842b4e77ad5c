/** The public API of assemblies: published assemblies, their files, and the verification of a draw. */
import { z } from 'zod';
import type { App, AppContext } from '../../platform/modules';
import { assemblyParams, fileParams, publicAssemblyListSchema, publicAssemblySchema, verificationSchema, verifyBody } from './api-schemas';
import { listPublicAssemblies, publicAssembly, publicFile, verifyFiles } from './draw-service';

const TAGS = ['assemblies'];

export function publicRoutes(app: App, ctx: AppContext): void {
  app.get('/api/assemblies', { schema: { tags: TAGS, summary: 'Assemblies whose distribution is published', response: { 200: publicAssemblyListSchema } } }, async () => listPublicAssemblies(ctx));

  app.get(
    '/api/assemblies/:id',
    { schema: { tags: TAGS, summary: 'A published assembly: its anonymised distribution, commitment, draw and replacements', params: assemblyParams, response: { 200: publicAssemblySchema } } },
    async (request) => publicAssembly(ctx, request.params.id),
  );

  app.get(
    '/api/assemblies/:id/files/:file',
    { schema: { tags: TAGS, summary: 'The published files: distribution.json, announcement.json, draw.json (after the draw)', params: fileParams, response: { 200: z.record(z.string(), z.unknown()) } } },
    async (request, reply) => {
      const body = await publicFile(ctx, request.params.id, request.params.file);
      reply.header('content-disposition', `attachment; filename="${request.params.file}"`);
      return body as Record<string, unknown>;
    },
  );

  app.post(
    '/api/assemblies/verify',
    {
      schema: {
        tags: TAGS,
        summary: 'Re-runs a draw from its three files (distribution, announcement, draw record) and says whether it is the one announced; the same check as npm run sortition:verify',
        body: verifyBody,
        response: { 200: verificationSchema },
      },
    },
    async (request) => verifyFiles(request.body),
  );
}
