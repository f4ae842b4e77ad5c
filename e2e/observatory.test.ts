import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoFixture } from '../src/modules/observatory/demo/fixture';
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

  it('sorts the table, changes the year of an indicator map, and shows the legend, the rank intervals and the portrait’s data table', async () => {
    // The figures the portrait must show, read from the demo data the server was seeded with.
    const fixture = loadDemoFixture();
    const communes = fixture.zonings.communes!;
    const series = (indicator: string, year: number) => fixture.series.find((x) => x.indicator === indicator && x.zoning === 'communes' && x.year === year)!;
    const saintDenisPoverty = series('TP60', 2016).values[communes.indexOf('93066')]!;
    const franceUnemployment = fixture.references.find((r) => r.indicator === 'CHOM' && r.year === 2021)!.value;
    const fr = new Intl.NumberFormat('fr', { maximumFractionDigits: 1 });
    // French numbers: "12,1", "1 276" (narrow no-break space).
    const parse = (text: string) => Number(text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));

    await withPage(async (page) => {
      await page.goto('/observatoire');
      await page.getByRole('heading', { level: 1, name: 'Observatoire des inégalités territoriales' }).waitFor();
      await page.getByTestId('weights').waitFor({ timeout: 120_000 });
      const table = page.getByRole('table', { name: /Territoires, score, rang/ });
      await expect.poll(() => table.getByRole('row').count()).toBe(26);
      const header = (label: string) => table.locator('th[scope="col"]', { has: page.getByRole('button', { name: `Trier par ${label}` }) });
      const column = async (index: number) => (await table.locator('tbody tr').evaluateAll((rows, k) => rows.map((r) => r.children[k]!.textContent ?? ''), index));

      // Sorting: by rank at first; a click on Score sorts ascending, a second click descending.
      expect(await header('Rang').getAttribute('aria-sort')).toBe('ascending');
      expect(await header('Score').getAttribute('aria-sort')).toBe('none');
      await page.getByRole('button', { name: 'Trier par Score' }).click();
      await expect.poll(() => header('Score').getAttribute('aria-sort')).toBe('ascending');
      expect(await header('Rang').getAttribute('aria-sort')).toBe('none');
      const ascending = (await column(2)).filter((v) => v !== 'exclu').map(parse);
      expect(ascending.length).toBeGreaterThan(1);
      expect([...ascending].sort((a, b) => a - b)).toEqual(ascending);
      await page.getByRole('button', { name: 'Trier par Score' }).click();
      await expect.poll(() => header('Score').getAttribute('aria-sort')).toBe('descending');
      const descending = (await column(2)).filter((v) => v !== 'exclu').map(parse);
      expect([...descending].sort((a, b) => b - a)).toEqual(descending);
      expect(descending[0]).toBeGreaterThanOrEqual(ascending.at(-1)!);

      // Uncertainty: every scored row shows its 5–95 % rank interval from the Monte Carlo draws.
      expect(await table.getByRole('columnheader', { name: 'Intervalle 5–95 %' }).count()).toBe(1);
      const scores = await column(2);
      const intervals = (await column(4)).filter((_, k) => scores[k] !== 'exclu');
      expect(intervals.length).toBeGreaterThan(20);
      for (const interval of intervals) {
        const match = /^([\d\s\u202f,]+)–([\d\s\u202f,]+)$/.exec(interval);
        expect(match, interval).not.toBeNull();
        expect(parse(match![1]!)).toBeLessThanOrEqual(parse(match![2]!));
      }

      // The legend: five classes and "no data", whose counts add up to every territory of the table.
      const legend = page.locator('.map-legend');
      expect(await legend.locator('figcaption').textContent()).toMatch(/^Score de l’indice/);
      const entries = legend.locator('li');
      expect(await entries.count()).toBe(6);
      expect(await entries.last().textContent()).toMatch(/^Pas de donnée/);
      const counts = (await legend.locator('.map-legend-count').allTextContents()).map((c) => parse(c.replace(/territoires?/, '')));
      const total = parse(/sur ([\d\s\u202f]+)$/.exec((await page.locator('.pager span').textContent())!)![1]!);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);

      // The year of an indicator map: the poverty rate, 2016 by default, then 2015.
      await page.getByRole('radio', { name: 'Un indicateur' }).check();
      // The labels wrap their select, so their text includes the options: match the start.
      const select = (label: RegExp) => page.locator('.map-controls label', { hasText: label }).locator('select');
      await select(/^Indicateur/).selectOption({ label: 'Taux de pauvreté' });
      const description = page.getByTestId('map-description');
      await expect.poll(() => description.textContent()).toMatch(/^Taux de pauvreté 2016 sur \d/);
      await select(/^Année/).selectOption('2015');
      await expect.poll(() => description.textContent()).toMatch(/^Taux de pauvreté 2015 sur \d/);
      expect(await legend.locator('figcaption').textContent()).toBe('Taux de pauvreté 2015');
      expect(await select(/^Année/).inputValue()).toBe('2015');

      // The portrait's data table: its indicators against the parent, neighbours, the area and France.
      // By its code: other communes are named Saint-Denis-something.
      await page.getByLabel('Filtrer par nom ou code').fill('93066');
      await expect.poll(() => table.getByRole('row').count()).toBe(2);
      await table.getByRole('button', { name: 'Portrait de Saint-Denis', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Portrait : Saint-Denis' }).waitFor();
      const comparisons = page.getByRole('region', { name: 'Comparaisons' }).getByRole('table');
      await comparisons.waitFor();
      expect(await comparisons.getByRole('columnheader').allTextContents()).toEqual([
        'Indicateur',
        'Valeur',
        'Territoire parent (Seine-Saint-Denis)',
        'Voisins',
        expect.stringMatching(/^Ensemble \(/),
        'France',
      ]);
      expect(await comparisons.locator('tbody tr').count()).toBe(4);
      const row = async (name: RegExp) => comparisons.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).locator('td').allTextContents();
      expect((await row(/^Taux de pauvreté \(2016\)$/))[0]).toBe(`${fr.format(saintDenisPoverty)} %`);
      expect((await row(/^Part de chômeurs \(2021\)$/))[4]).toBe(`${fr.format(franceUnemployment)} %`);
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
