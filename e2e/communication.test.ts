import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailParts, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../src/platform/testing/smtp';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { REPO_ROOT, startServer, type RunningServer } from './support/server';

/**
 * The communication module's acceptance, in a real browser against the real server, its background
 * worker sending through a real SMTP server on loopback: a resident subscribes to a neighbourhood and
 * a topic and confirms from the mail received; an agent imports a council session's PDFs (two of
 * Montpellier's deliberations of 24 April 2014), files one under that topic and neighbourhood, and
 * publishes the session; the public page lists the deliberations with their summaries; the resident
 * receives the mail announcing the new deliberation on that topic, whose link opens the act's page.
 * Every page is checked with axe at 1280 and 390 px.
 */
const MONTPELLIER = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'communication', 'montpellier-deliberations');
const PDFS = ['2014-04-24-0000071276.pdf', '2014-04-24-0000071217.pdf'];
const TOPIC = 'Conseil municipal et institutions';

describe.skipIf(!existsSync(path.join(MONTPELLIER, PDFS[0]!)))('communication: a deliberation published reaches the residents who follow its topic', () => {
  let server: RunningServer;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const EMAIL = 'riverain@example.org';
  const PUBLIC_URL = 'http://mairie.e2e.beffroi.test';
  let zone: { ref: string; name: string };
  let actTitle = '';

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // The mails' links name the public URL; the test opens their paths on the server it started.
    server = await startServer({ env: { PUBLIC_URL, SMTP_URL: smtp.url, MAIL_FROM: 'Mairie <mairie@e2e.beffroi.test>' } });
    browser = await launchBrowser();
    const options = (await (await fetch(`${server.url}/api/communication/alerts/options`)).json()) as { zones: { ref: string; name: string }[] };
    zone = options.zones[0]!;
  }, 180_000);

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  async function freshPage(viewport = DESKTOP): Promise<Page> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return context.newPage();
  }

  const textOf = (mail: ReceivedMail) => mailParts(mail.raw)[0]!.body;
  const pathIn = (mail: ReceivedMail, prefix: string) => {
    const m = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}(${prefix}[^\\s]*)`).exec(textOf(mail));
    expect(m, `a link ${prefix}… in:\n${textOf(mail)}`).toBeTruthy();
    return m![1]!;
  };

  it('a resident subscribes to a neighbourhood and a topic and confirms by the mail received', async () => {
    const page = await freshPage(PHONE);
    await page.goto('/alertes');
    await page.getByRole('heading', { level: 1, name: 'Recevoir les alertes de la commune' }).waitFor();
    await page.getByRole('checkbox', { name: TOPIC, exact: true }).check();
    await page.getByRole('checkbox', { name: 'Toute la commune', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: zone.name, exact: true }).check();
    await page.getByRole('radio', { name: /^Aussitôt/ }).check();
    await page.getByLabel('Adresse électronique').fill(EMAIL);
    await page.getByRole('button', { name: 'M’abonner' }).click();
    await page.getByTestId('subscribe-sent').waitFor();

    const [confirmation] = await smtp.waitFor(1, 30_000);
    expect(confirmation!.to).toEqual([EMAIL]);
    await page.goto(pathIn(confirmation!, '/alertes/confirmer/'));
    await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
    await page.getByTestId('confirmed').waitFor();
    await checkBothWidths(page, 'subscription confirmed', PHONE);
  }, 120_000);

  it('an agent imports the session’s PDFs, files one under the topic and the neighbourhood, and publishes', async () => {
    const page = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.goto('/admin/deliberations');
    await page.getByRole('heading', { level: 1, name: 'Délibérations et actes' }).waitFor();
    await page.getByLabel('Date de la séance').fill('2014-04-24');
    await page.getByLabel('Lieu').fill('Salle du conseil');
    await page.getByRole('button', { name: 'Créer la séance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conseil municipal du 24 avril 2014' }).waitFor();

    await page.getByLabel('Fichiers des actes').setInputFiles(PDFS.map((name) => ({ name, mimeType: 'application/pdf', buffer: readFileSync(path.join(MONTPELLIER, name)) })));
    await page.getByRole('button', { name: `Importer les ${PDFS.length} fichiers` }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await page.getByTestId('admin-acts').getByRole('row').nth(PDFS.length).waitFor();
    await checkBothWidths(page, 'session with its imported acts');

    // The first act, under the topic and in the neighbourhood.
    await page.getByTestId('admin-acts').getByRole('row').nth(1).getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: /Résumé en langage clair/ }).waitFor();
    actTitle = (await page.getByLabel('Objet').inputValue()).trim();
    expect(actTitle.length).toBeGreaterThan(5);
    await page.getByRole('checkbox', { name: TOPIC }).check();
    await page.getByRole('group', { name: 'Quartiers concernés' }).getByRole('checkbox', { name: zone.name, exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Modifications enregistrées.').waitFor();
    await checkBothWidths(page, 'act filed under a topic and a neighbourhood');
    await page.getByRole('link', { name: 'Retour à la séance' }).click();

    await page.getByRole('button', { name: `Publier les ${PDFS.length} actes` }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Publier définitivement ?' });
    await dialog.waitFor();
    await checkBothWidths(page, 'publication confirmation');
    await dialog.getByRole('button', { name: 'Publier définitivement' }).click();
    await page.getByTestId('publish-done').waitFor();
  }, 180_000);

  it('the public page lists the deliberations with their summaries', async () => {
    const page = await freshPage(PHONE);
    await page.goto('/deliberations');
    const session = page.getByTestId('acts-session').filter({ has: page.getByRole('heading', { name: 'Conseil municipal du 24 avril 2014' }) });
    await session.waitFor();
    expect(await session.getByTestId('acts-item').count()).toBe(PDFS.length);
    expect(await session.getByTestId('acts-summary').count()).toBe(PDFS.length);
    await session.getByText(actTitle).waitFor();
    await checkBothWidths(page, 'public deliberations', PHONE);
  });

  it('the resident receives the mail announcing the new deliberation on the topic; its link opens the act', async () => {
    const mails = await smtp.waitFor(2, 60_000);
    const alert = mails[1]!;
    expect(alert.to).toEqual([EMAIL]);
    const text = textOf(alert);
    expect(text).toContain('Délibération');
    expect(text.replace(/\s+/g, ' ')).toContain(actTitle.replace(/\s+/g, ' ').slice(0, 60));
    expect(mailParts(alert.raw)[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const page = await freshPage(PHONE);
    await page.goto(pathIn(alert, '/deliberations/actes/'));
    await page.getByTestId('act-summary').waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByTestId('act-notice').textContent()).toContain('seul l’acte fait foi');
    await checkBothWidths(page, 'act opened from the alert', PHONE);
    // Only the agent's act and the one the commune filed nowhere match; nothing else was sent.
    expect(smtp.received.length).toBe(2);
  }, 120_000);

  it('left no page error nor CSP violation', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
