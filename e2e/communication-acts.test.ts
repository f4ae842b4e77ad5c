import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx } from '../src/platform/files/testing/fixtures';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

/**
 * Council acts in a real browser, against the real server: an agent imports an SCDL table with a bad
 * row (refused, its line reported), creates a session, imports three of Montpellier's deliberations
 * of 24 April 2014 at once through the import form, sees each summarised, publishes the session; a resident on the public
 * page sees the session's deliberations with their summaries, opens an act (summary, readability,
 * the notice, the original file with its SHA-256, the passage of a summary sentence highlighted in
 * the act's text). Every page is checked with axe at 1280 and 390 px, without horizontal scrolling.
 */
const MONTPELLIER = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'communication', 'montpellier-deliberations');
const PDFS = ['2014-04-24-0000071276.pdf', '2014-04-24-0000071216.pdf', '2014-04-24-0000071217.pdf'];

describe.skipIf(!existsSync(path.join(MONTPELLIER, PDFS[0]!)))('council acts, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let actPath = '';

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

  it('an agent creates a session, imports three acts and publishes them', async () => {
    const page = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Délibérations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Délibérations et actes' }).waitFor();
    // The demo session is there from the first start.
    await page.getByTestId('admin-sessions').getByText('(démonstration)').first().waitFor();
    await page.getByTestId('admin-sessions').getByRole('columnheader', { name: 'Séance', exact: true }).waitFor();
    await checkBothWidths(page, 'sessions (back-office)');

    // An SCDL table with a bad row: refused, its line reported, nothing written.
    const csv = ['DELIB_ID;DELIB_DATE;DELIB_OBJET', '101;25/11/2013;Voeu de soutien', '102;31/02/2013;Budget'].join('\n');
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'deliberations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importer le tableau' }).click();
    const problems = page.getByTestId('scdl-problems');
    await problems.waitFor();
    expect(await problems.getByRole('row', { name: /^3 DELIB_DATE/ }).textContent()).toContain('Date illisible : « 31/02/2013 »');
    await page.getByTestId('scdl-deviations').getByText('Séparateur « ; » au lieu de « , ».').waitFor();
    await page.getByTestId('scdl-deviations').getByText('Dates au format JJ/MM/AAAA au lieu de AAAA-MM-JJ.', { exact: false }).waitFor();
    await checkBothWidths(page, 'SCDL table refused, problems by line');

    await page.getByLabel('Date de la séance').fill('2014-04-24');
    await page.getByLabel('Lieu').fill('Salle du conseil, Montpellier');
    await page.getByRole('button', { name: 'Créer la séance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conseil municipal du 24 avril 2014' }).waitFor();
    await page.getByText('Aucun acte dans cette séance.').waitFor();
    await checkBothWidths(page, 'new session');

    await page.getByLabel('Fichiers des actes').setInputFiles(PDFS.map((name) => ({ name, mimeType: 'application/pdf', buffer: readFileSync(path.join(MONTPELLIER, name)) })));
    await page.getByRole('button', { name: 'Importer les 3 fichiers' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    const results = report.getByTestId('import-result');
    expect(await results.count()).toBe(3);
    for (const text of await results.allTextContents()) expect(text).toContain('résumé');
    await page.getByTestId('admin-acts').getByRole('row').nth(3).waitFor();
    await checkBothWidths(page, 'session with its imported acts');

    // An act's metadata, as the library read it, editable: its outcome taken away, to be given again.
    await page.getByTestId('admin-acts').getByRole('row').nth(1).getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: /Résumé en langage clair/ }).waitFor();
    await page.getByTestId('pdf-status').getByText('L’original de cet acte est un PDF.', { exact: false }).waitFor();
    await setOutcome(page, 'Issue non indiquée');
    await page.getByText('Une délibération se publie avec son résultat', { exact: false }).first().waitFor();
    await checkBothWidths(page, 'act (back-office)');
    await page.getByRole('link', { name: 'Retour à la séance' }).click();

    // Publication asks for a confirmation (permanent), then is refused whole: the act without its
    // outcome is listed, nothing is published.
    await page.getByRole('button', { name: 'Publier les 3 actes' }).click();
    let dialog = page.getByRole('alertdialog', { name: 'Publier définitivement ?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('restent en ligne définitivement');
    await checkBothWidths(page, 'publication confirmation');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Publier les 3 actes' }).click();
    dialog = page.getByRole('alertdialog', { name: 'Publier définitivement ?' });
    await dialog.getByRole('button', { name: 'Publier définitivement' }).click();
    const incomplete = page.getByTestId('publish-incomplete');
    await incomplete.waitFor();
    expect(await incomplete.textContent()).toContain('résultat du vote (adoptée ou rejetée) non indiqué');
    expect(await page.getByTestId('admin-acts').getByText('Publié').count()).toBe(0);
    await checkBothWidths(page, 'publication refused, acts to complete');
    const toComplete = await incomplete.getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    const sessionPath = new URL(page.url()).pathname;
    for (const href of toComplete) {
      await page.goto(href);
      await setOutcome(page, 'Adoptée');
    }
    await page.goto(sessionPath);
    await page.getByRole('button', { name: 'Publier les 3 actes' }).click();
    await page.getByRole('alertdialog', { name: 'Publier définitivement ?' }).getByRole('button', { name: 'Publier définitivement' }).click();
    await page.getByTestId('publish-done').getByText('3 actes publiés.').waitFor();
    expect(await page.getByTestId('admin-acts').getByText('Publié').count()).toBe(3);
    await checkBothWidths(page, 'session published');

    // A DOCX gives the act's text, but the published original is a PDF: the page says so and
    // takes the act's PDF; a draft is deleted after a confirmation.
    const docx = makeDocx([
      { text: 'Extrait du registre des délibérations du conseil municipal — délibération n° 2014/999' },
      { text: 'Objet : Subvention au club de voile' },
      { text: 'Le Conseil municipal, après en avoir délibéré, DÉCIDE :' },
      { text: "Article 1er : d'attribuer une subvention de 2 000 euros au club de voile." },
      { text: 'Adopté à l’unanimité.' },
    ]);
    await page.getByLabel('Fichiers des actes').setInputFiles({ name: 'voile.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await page.getByTestId('import-report').getByRole('link', { name: 'Subvention au club de voile' }).click();
    await page.getByTestId('pdf-status').getByText('L’original de cet acte n’est pas un PDF.', { exact: false }).waitFor();
    await checkBothWidths(page, 'act with a DOCX original');
    const pdf = readFileSync(path.join(REPO_ROOT, 'src/modules/communication/acts/demo/deliberation-2026-033-subventions-associations-sportives.pdf'));
    await page.getByLabel('PDF de l’acte').setInputFiles({ name: 'voile.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Joindre le PDF' }).click();
    await page.getByText('PDF joint : c’est désormais l’original de l’acte.').waitFor();
    await page.getByTestId('pdf-status').getByText('L’original de cet acte est un PDF.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Supprimer ce brouillon' }).click();
    const del = page.getByRole('alertdialog', { name: 'Supprimer ce brouillon d’acte ?' });
    await del.waitFor();
    await checkBothWidths(page, 'delete draft confirmation');
    await del.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conseil municipal du 24 avril 2014' }).waitFor();
    await page.getByTestId('admin-acts').waitFor();
    expect(await page.getByTestId('admin-acts').getByText('Subvention au club de voile').count()).toBe(0);
  });

  it('a resident reads the deliberations, an act’s summary and the act', async () => {
    const page = await freshPage(PHONE);
    await page.goto('/');
    await page.getByRole('link', { name: /Délibérations du conseil/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Délibérations et actes du conseil' }).waitFor();
    const session = page.getByTestId('acts-session').filter({ has: page.getByRole('heading', { name: 'Conseil municipal du 24 avril 2014' }) });
    await session.waitFor();
    expect(await session.getByTestId('acts-item').count()).toBe(3);
    expect(await session.getByTestId('acts-summary').count()).toBe(3);
    await checkBothWidths(page, 'public list of deliberations', PHONE);

    await session.getByTestId('acts-item').first().getByRole('link').click();
    await page.getByTestId('act-summary').waitFor();
    actPath = new URL(page.url()).pathname;
    expect(actPath).toMatch(/^\/deliberations\/actes\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('act-notice').textContent()).toContain('seul l’acte fait foi');
    const readability = page.getByTestId('act-readability');
    expect(await readability.getByRole('row', { name: /Kandel–Moles/ }).count()).toBe(1);
    expect(await readability.getByRole('row', { name: /LIX/ }).count()).toBe(1);
    const sha = (await page.getByTestId('act-sha256').textContent())!.trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const download = page.getByTestId('act-download');
    expect(await download.getAttribute('href')).toMatch(/\/api\/communication\/acts\/.+\/file$/);
    const file = await page.request.get((await download.getAttribute('href'))!);
    expect(file.status()).toBe(200);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(await file.body()).digest('hex')).toBe(sha);
    await checkBothWidths(page, 'act page', PHONE);

    // A summary sentence opens its passage in the act's text, highlighted and focused.
    await page.getByRole('link', { name: /Voir ce passage dans l’acte/ }).first().click();
    const passage = page.getByTestId('act-passage');
    await passage.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('act-passage');
    await checkBothWidths(page, 'act page, passage highlighted', PHONE);
  });

  /** On an act's back-office page: chooses the vote's outcome and saves. */
  async function setOutcome(page: Page, label: string): Promise<void> {
    await page.getByRole('button', { name: /Issue du vote/ }).click();
    await page.getByRole('option', { name: label, exact: true }).click();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Modifications enregistrées.').waitFor();
  }

  it('left no page error nor CSP violation', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
