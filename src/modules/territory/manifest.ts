import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules';
import { getTerritory, seedDemoTerritory } from './service';

export const territoryModule: ModuleManifest = {
  name: 'territory',
  routes(app, ctx) {
    app.get(
      '/api/public/territory',
      {
        schema: {
          tags: ['territory'],
          summary: 'The commune served by this installation and its neighbours, with the sources of every figure',
          querystring: z.strictObject({ boundaries: z.enum(['true', 'false']).default('false') }),
        },
      },
      async (request) => getTerritory(ctx.db, { withBoundaries: request.query.boundaries === 'true' }),
    );
  },
  seed: ({ ctx, tx }) => seedDemoTerritory(ctx, tx),
};
