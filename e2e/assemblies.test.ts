import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

/**
 * Sortition's acceptance path in a real browser, against the real server: an organiser creates an
 * assembly, imports a pool with one bad row (shown with its line, nothing stored), imports the
 * corrected pool, meets an infeasibility message and fixes the quotas, computes the distribution,
 * publishes the commitment and draws; a visitor on a phone verifies the draw on the public page.
 * Every page is checked with axe at desktop width and at 390 px, without horizontal scrolling.
 */
describe('assemblies, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, 'src', 'modules', 'assemblies', 'testing', name));
  const TITLE = 'Assemblée citoyenne sur l’eau';
  const QUOTAS = ['genre;femme;4;6', 'genre;homme;4;6', 'age;18-34;2;4', 'age;35-59;3;5', 'age;60+;3;4', 'quartier;Centre;2;5', 'quartier;Nord;2;5', 'quartier;Sud;2;5'].join('\n');
  let publicPath = '';
  let drawnPanel: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function freshPage(viewport = DESKTOP): Promise<Page> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return context.newPage();
  }

  it('an organiser goes from quotas to a drawn panel', async () => {
    const page = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Assemblées citoyennes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assemblées citoyennes' }).waitFor();
    // The demo assembly is there from the first start.
    await page.getByTestId('admin-assemblies').getByText('(démonstration)').first().waitFor();
    await checkBothWidths(page, 'assemblies (back-office)');

    await page.getByLabel('Nom de l’assemblée').fill(TITLE);
    await page.getByLabel('Nombre de sièges').fill('10');
    await page.getByLabel('Quotas', { exact: true }).fill(QUOTAS);
    await page.getByRole('button', { name: 'Créer l’assemblée' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText('Modifier la liste des valeurs').click();
    await page.getByText('Calculer les quotas à partir des parts de la population').click();
    await checkBothWidths(page, 'new assembly, quota editors open');

    // A pool with one bad row: the report names its line, nothing is stored.
    const pool = page.getByTestId('pool');
    const file = pool.getByLabel('Fichier des volontaires (CSV ou XLSX)');
    await file.setInputFiles({ name: 'volontaires.csv', mimeType: 'text/csv', buffer: fixture('pool-bad-row.csv') });
    await pool.getByRole('button', { name: 'Importer le vivier' }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    await page.getByText('volontaires.csv : rien n’a été importé.').waitFor();
    const row = problems.getByRole('row', { name: /^14 quartier/ });
    expect(await row.textContent()).toContain('« Ouest » n’est pas une valeur de « quartier »');
    expect(await pool.getByText('0 volontaire importé.').count()).toBe(1);
    await checkBothWidths(page, 'import refused, problems by line');

    await file.setInputFiles({ name: 'volontaires-corrige.csv', mimeType: 'text/csv', buffer: fixture('pool.csv') });
    await pool.getByRole('button', { name: 'Importer le vivier' }).click();
    await page.getByText('volontaires-corrige.csv : 40 volontaires importés.').waitFor();

    // Computing meets the quotas no panel can meet: the smallest relaxation, value by value.
    const distribution = page.getByTestId('distribution');
    await distribution.getByRole('button', { name: 'Calculer la répartition' }).click();
    const infeasible = distribution.getByTestId('infeasible');
    await infeasible.getByText('Les quotas ne peuvent pas être respectés avec ce vivier.').waitFor();
    await infeasible.getByText('age : 60+ — minimum de 3 à 2').waitFor();
    await checkBothWidths(page, 'infeasible quotas and their relaxation');

    // The organiser fixes the quota by hand.
    const quotas = page.getByTestId('quotas');
    await quotas.getByLabel('Minimum pour age : 60+').fill('2');
    await quotas.getByRole('button', { name: 'Enregistrer les quotas' }).click();
    await quotas.getByText('Quotas enregistrés.').waitFor();
    await page.getByTestId('feasibility').getByRole('button', { name: 'Vérifier les quotas' }).click();
    await page.getByText('Les quotas peuvent être respectés avec ce vivier.').waitFor();

    await distribution.getByRole('button', { name: 'Calculer la répartition' }).click();
    const comparison = distribution.getByTestId('comparison');
    await comparison.waitFor();
    expect(await comparison.getByRole('row').count()).toBe(4);
    await comparison.getByRole('rowheader', { name: /^LEXIMIN/ }).waitFor();
    await comparison.getByRole('rowheader', { name: /^LEGACY/ }).waitFor();
    await distribution.getByTestId('certificate').getByText(/^Certificat d’optimalité vérifié/).waitFor();
    await checkBothWidths(page, 'distribution computed');

    const draw = page.getByTestId('draw');
    await draw.getByRole('button', { name: 'Publier la répartition et l’engagement' }).click();
    await draw.getByTestId('commitment').waitFor();
    const commitment = (await draw.getByTestId('commitment').textContent())!.trim();
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    await checkBothWidths(page, 'commitment published');

    await draw.getByRole('button', { name: 'Tirer au sort' }).click();
    const panel = page.getByTestId('panel');
    await panel.getByRole('heading', { name: 'Assemblée tirée au sort' }).waitFor();
    await expect.poll(() => panel.getByRole('row').count(), { timeout: 30_000 }).toBe(11);
    await checkBothWidths(page, 'panel drawn');

    // A member drops out: one replacement within the quotas; the export lists both.
    // Not one of the two volunteers aged 60+: the quotas need both, so neither could be replaced.
    await panel.getByRole('row').filter({ hasNotText: '60+' }).getByLabel(/se désiste$/).first().check();
    await panel.getByRole('button', { name: 'Tirer 1 remplaçant' }).click();
    await expect.poll(() => panel.getByRole('cell', { name: 'Remplaçant', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await panel.getByRole('cell', { name: 'Désisté', exact: true }).count()).toBe(1);
    const csv = await page.request.get((await panel.getByRole('link', { name: 'Exporter l’assemblée (CSV)' }).getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(12);
    expect(lines.filter((l) => l.startsWith('replacement;'))).toHaveLength(1);
    await checkBothWidths(page, 'replacement drawn');

    publicPath = new URL((await page.getByRole('link', { name: 'Page publique' }).getAttribute('href'))!, server.url).pathname;
    const assemblyId = publicPath.split('/').pop()!;
    const res = await fetch(`${server.url}/api/assemblies/${assemblyId}`);
    drawnPanel = ((await res.json()) as { draw: { panel: string[] } }).draw.panel;
    expect(drawnPanel).toHaveLength(10);
  });

  it('a visitor on a phone verifies the draw on the public page', async () => {
    const page = await freshPage(PHONE);
    // From the participation part of the portal.
    await page.goto('/participation');
    await page.getByRole('region', { name: 'Assemblées citoyennes tirées au sort' }).getByRole('link', { name: 'Voir les tirages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assemblées citoyennes tirées au sort' }).waitFor();
    await checkBothWidths(page, 'public list of assemblies');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe(publicPath);
    await page.getByTestId('classes').waitFor();
    const shown = await page.getByTestId('panel').getByRole('listitem').allTextContents();
    expect(shown).toEqual(drawnPanel);
    // No name of a volunteer on the public page.
    expect(await page.getByText('Alice').count()).toBe(0);
    await page.getByText(/^Désistement de v-[0-9a-f]{10}, remplacé par v-[0-9a-f]{10}/).waitFor();
    await page.getByRole('button', { name: 'Vérifier le tirage' }).click();
    const verification = page.getByTestId('verification');
    await verification.getByText(/^Tirage vérifié/).waitFor();
    await page.getByText('Vérifier d’autres fichiers').click();
    await checkBothWidths(page, 'draw verified on the public page');
  });

  it('raised no error in any page', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
