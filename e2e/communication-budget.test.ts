import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

/**
 * The budget in a real browser, against the real server: a resident reads the demo accounts of
 * Crach (key figures, sections, chapters with their words, per inhabitant, years, checks, codes,
 * glossary), on a desktop and on a phone; an agent imports a file with bad lines (refused, each
 * line with its reason), then the real TOTEM budget of 2022 (its report: deviations and totals),
 * and unpublishes and republishes it. Every page axe-clean at 1280 and 390 px, no sideways scroll.
 */
describe('budget, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const BP_XML = path.join(REPO_ROOT, '../shared/data/communication/budget-crach/DOCBUDG-21560046100085-056025-BP-2022-07042022000000/totem.xml');

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

  it('a resident reads where the money comes from and where it goes', async () => {
    const page = await freshPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Budget', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Le budget de la commune' }).waitFor();
    await page.getByTestId('budget-document-title').getByText('Compte administratif 2021').waitFor();
    const figures = page.getByTestId('budget-key-figures');
    // Real receipts of 2021 (running and investment), in euros, and the population the town entered.
    expect(await figures.textContent()).toMatch(/Recettes/);
    await page.getByText('Population retenue : 3 446 habitants').waitFor();
    const goesTo = page.getByTestId('bu-to-table');
    expect(await goesTo.getByRole('row', { name: /^012 — Charges de personnel/ }).count()).toBe(1);
    expect(await page.getByTestId('bu-from-table').getByRole('row', { name: /^73 — Impôts et taxes/ }).count()).toBe(1);
    await page.getByText('les communes de moins de 3 500 habitants votent leur budget par nature seulement').waitFor();
    // The accounts carry their open credits (BP + BS + DM): the comparison uses them, and says so.
    await page.getByRole('heading', { name: 'Crédits ouverts et compte administratif 2021' }).waitFor();
    expect(await page.getByTestId('budget-comparison').getByRole('columnheader', { name: 'Crédits ouverts (BP + BS + DM)' }).count()).toBe(1);
    expect(await page.getByTestId('budget-glossary').getByText('Autofinancement', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('budget-quality').textContent()).toContain('BGT_NATDEC');
    await checkBothWidths(page, 'budget (portal, accounts 2021)');

    // The other document, chosen from the list.
    await page.getByLabel('Document', { exact: true }).selectOption({ label: 'Budget primitif 2022 — CRACH (SIRET 21560046100085)' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByTestId('budget-document-title').getByText('Budget primitif 2022').waitFor();
    expect(page.url()).toContain('document=');
    await checkBothWidths(page, 'budget (portal, budget 2022)');

    const phone = await freshPage(PHONE);
    await phone.goto('/budget');
    await phone.getByTestId('budget-sections-table').waitFor();
    await checkBothWidths(phone, 'budget (portal, phone)', PHONE);
  });

  it('an agent imports, reads the report and publishes', async () => {
    const page = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Budget' }).click();
    await page.getByRole('heading', { level: 1, name: 'Budget : documents budgétaires' }).waitFor();
    await page.getByTestId('budget-documents').waitFor();
    await checkBothWidths(page, 'budget (back-office)');

    const bad = [
      'BGT_NATDEC,BGT_ANNEE,BGT_SIRET,BGT_NOM,BGT_CONTNAT,BGT_NATURE,BGT_SECTION,BGT_OPBUDG,BGT_CODRD,BGT_MTPREV',
      'budget primitif,2023,21560046100010,CRACH,011,60611,fonctionnement,réel,dépense,100.00',
      'budget primitif,2023,21560046100010,CRACH,011,60612,fonctionnement,réel,débit,50.00',
    ].join('\n');
    await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'bp-2023.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('bp-2023.csv refusé : rien n’a été importé.').waitFor();
    const refused = page.getByTestId('budget-refused');
    expect(await refused.getByRole('row', { name: /^3 BGT_CODRD/ }).count()).toBe(1);
    await checkBothWidths(page, 'budget import refused');

    await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'totem-bp-2022.xml', mimeType: 'application/xml', buffer: fs.readFileSync(BP_XML) });
    await page.getByLabel(/^Remplacer le document/).check();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('totem-bp-2022.xml importé en remplacement : Budget primitif 2022, 21 lignes.').waitFor();
    await page.getByTestId('budget-totals').waitFor();
    expect(await page.getByTestId('budget-deviations').textContent()).toContain('sans chapitre');
    await checkBothWidths(page, 'budget import report');

    // Replaced, hence unpublished: publish it again.
    const row = page.getByTestId('budget-documents').getByRole('row', { name: /LOTISSEMENT LE BOCENO/ });
    await row.getByText('Non publié').waitFor();
    await row.getByRole('button', { name: /^Publier Budget primitif 2022/ }).click();
    await row.getByText('Publié', { exact: true }).waitFor();
    expect(pageErrors.flat()).toEqual([]);
  });
});
