import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../platform/app';
import { createTestApp } from '../../platform/testing/app';
import { territoryModule } from './manifest';
import { trustModule } from '../trust/manifest';

describe('territory', () => {
  let beffroi: BeffroiApp;
  beforeAll(async () => {
    beffroi = await createTestApp({ modules: [trustModule, territoryModule], env: { BEFFROI_SEED_DEMO: 'true' } });
  });
  afterAll(async () => beffroi?.close());

  it('serves the demo commune, its neighbours and the sources of its figures', async () => {
    const res = await beffroi.app.inject({ method: 'GET', url: '/api/public/territory?boundaries=true' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.demo).toBe(true);
    expect(body.commune.code).toMatch(/^\d[\dAB]\d{3}$/);
    expect(body.neighbours.length).toBeGreaterThan(0);
    expect(body.sources.length).toBeGreaterThan(0);
    expect(body.boundaries.features).toHaveLength(body.neighbours.length + 1);
  });

  it('names the organisation after the demo commune and seeds only once', async () => {
    const org = await beffroi.app.inject({ method: 'GET', url: '/api/public/settings/organisation' });
    const territory = (await beffroi.app.inject({ method: 'GET', url: '/api/public/territory' })).json();
    expect(org.json().name).toBe(`Ville de ${territory.commune.name}`);
  });

  it('rejects unknown query parameters', async () => {
    const res = await beffroi.app.inject({ method: 'GET', url: '/api/public/territory?foo=1' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
