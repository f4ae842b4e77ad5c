import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The observatory, as an analyst uses it: the dashboard opens on the demo index of the
 * Île-de-France communes; the analyst chooses indicators and weights, sees the map and the LISA
 * clusters update, opens a commune's portrait with its explanation, accepts a priority zone and
 * downloads the table. Axe-clean at desktop and phone widths; the map has an accessible name, a
 * text alternative and the table beside it.
 */
describe('observatory, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const analyst = { email: 'analyste@e2e.beffroi.test', first: 'premier-mot-de-passe-2024', password: 'mot-de-passe-analyste-2024' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function withPage<T>(fn: (page: Page) => Promise<T>, viewport?: { width: number; height: number }): Promise<T> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    try {
      const page = await context.newPage();
      const result = await fn(page);
      expect(errors, 'page errors or CSP violations').toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  /** The admin creates the analyst's account through the API; the analyst signs in and sets a password. */
  async function signInAsAnalyst(page: Page) {
    const admin = await page.request.post('/api/auth/login', { data: { email: server.adminEmail, password: server.adminPassword } });
    expect(admin.status()).toBe(200);
    const adminCsrf = (await admin.json()).csrfToken as string;
    const created = await page.request.post('/api/admin/users', {
      data: { email: analyst.email, displayName: 'Analyste', role: 'analyst', password: analyst.first },
      headers: { 'x-csrf-token': adminCsrf },
    });
    expect([201, 409]).toContain(created.status());
    await page.request.post('/api/auth/logout', { headers: { 'x-csrf-token': adminCsrf } });
    const login = await page.request.post('/api/auth/login', { data: { email: analyst.email, password: analyst.first } });
    expect(login.status()).toBe(200);
    const csrf = (await login.json()).csrfToken as string;
    const changed = await page.request.post('/api/auth/change-password', { data: { currentPassword: analyst.first, newPassword: analyst.password }, headers: { 'x-csrf-token': csrf } });
    expect(changed.status()).toBeLessThan(300);
  }

  async function mapState(page: Page): Promise<'drawn' | 'unavailable'> {
    await page.locator('.map-canvas[data-ready="true"], .map-unavailable').first().waitFor({ timeout: 60_000 });
    return (await page.locator('.map-unavailable').count()) > 0 ? 'unavailable' : 'drawn';
  }

  it('lets an analyst choose indicators and weights, read the map and clusters, open a portrait, accept a zone and download the table', async () => {
    await withPage(async (page) => {
      await signInAsAnalyst(page);
      await page.goto('/admin/observatoire');
      await page.getByRole('heading', { level: 1, name: 'Observatoire : zones prioritaires à examiner' }).waitFor();
      const weights = page.getByTestId('weights');
      await weights.waitFor({ timeout: 120_000 });
      await expect.poll(() => weights.textContent()).toMatch(/Couverture en fibre optique 25/);

      // The map: drawn with software WebGL, or replaced by a note; the table is there either way.
      const state = await mapState(page);
      if (state === 'drawn') {
        const canvas = page.locator('.map-canvas canvas');
        await expect.poll(() => canvas.getAttribute('aria-label')).toMatch(/^Carte : Indice composite, communes/);
        expect(await canvas.getAttribute('aria-describedby')).toBeTruthy();
      }
      console.log(`map: ${state}`);
      const table = page.getByRole('table', { name: /Territoires, score, rang/ });
      await expect.poll(() => table.getByRole('row').count()).toBe(26);

      // The LISA clusters of the default analysis.
      await page.getByRole('radio', { name: 'Regroupements (LISA)' }).check();
      const description = page.getByTestId('map-description');
      await expect.poll(() => description.textContent()).toMatch(/^Regroupements LISA/);
      const lisaBefore = await description.textContent();
      await expect(page.getByText('Bas-bas : score bas entouré de scores bas')).toBeTruthy();

      // New indicators and expert weights.
      await page.getByRole('checkbox', { name: 'Couverture en fibre optique' }).uncheck();
      await page.getByRole('checkbox', { name: 'Distance à un médecin généraliste' }).check();
      await page.getByLabel('Pondérations').selectOption('expert');
      await page.getByRole('spinbutton', { name: 'Poids de « Taux de pauvreté »' }).fill('3');
      await page.getByRole('button', { name: 'Mettre à jour la carte' }).click();
      await expect.poll(() => weights.textContent(), { timeout: 120_000 }).toMatch(/Distance à un médecin généraliste/);
      expect(await weights.textContent()).toMatch(/Taux de pauvreté 50/);
      await expect.poll(() => description.textContent()).not.toBe(lisaBefore);
      expect(await description.textContent()).toMatch(/^Regroupements LISA/);
      if (state === 'drawn') await mapState(page);

      // Back to the index map; a commune's portrait with its explanation.
      await page.getByRole('radio', { name: 'Indice composite' }).check();
      await expect.poll(() => description.textContent()).toMatch(/^Indice composite sur \d/);
      await page.getByLabel('Filtrer par nom ou code').fill('Saint-Denis');
      await page.getByRole('button', { name: 'Portrait de Saint-Denis' }).first().click();
      const portrait = page.getByRole('heading', { level: 2, name: 'Portrait : Saint-Denis' });
      await portrait.waitFor();
      await expect.poll(() => page.locator('.portrait-sentence').textContent()).toMatch(/Tiré vers le bas surtout par/);
      expect(await page.locator('.portrait-summary').textContent()).toMatch(/Seine-Saint-Denis/);
      expect(await page.getByRole('img', { name: /Contributions des indicateurs au score de Saint-Denis/ }).count()).toBe(1);
      await expectNoAxeViolations(page, 'observatory dashboard (desktop)');

      // Accept the first priority zone: its status changes, and the decision is logged.
      const first = page.locator('.zone-item').first();
      const name = (await first.locator('h3').textContent())!.replace(/^\d+\.\s*/, '').replace(/\s*\(\d+\)$/, '');
      await first.getByRole('textbox').fill('À croiser avec le contrat de ville.');
      await first.getByRole('button', { name: `Retenir ${name}` }).click();
      await expect.poll(() => first.locator('.zone-status').textContent()).toMatch(/Retenue/);

      // The table, downloaded.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le tableau (CSV)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^observatoire-communes-[0-9a-f]{8}\.csv$/);
      const text = fs.readFileSync((await download.path())!, 'utf8');
      expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^code,nom,parent,score,rang/);
      expect(text).toMatch(/DIST_D201_2018/);
    });
  }, 300_000);

  it('shows the public dashboard, axe-clean on a phone', async () => {
    await withPage(
      async (page) => {
        await page.goto('/observatoire');
        await page.getByRole('heading', { level: 1, name: 'Observatoire des inégalités territoriales' }).waitFor();
        await page.getByTestId('weights').waitFor({ timeout: 120_000 });
        await mapState(page);
        expect(await page.getByRole('button', { name: /^Retenir/ }).count()).toBe(0);
        await expectNoAxeViolations(page, 'observatory dashboard (390 px)');
      },
      { width: 390, height: 844 },
    );
  }, 300_000);
});
