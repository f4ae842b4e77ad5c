import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailParts, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../src/platform/testing/smtp';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * Alerts in a real browser, against the real server (its background worker sending through a real
 * SMTP server on loopback): a resident subscribes to a neighbourhood and a topic, the confirmation
 * mail arrives, its link confirms in the browser; an agent publishes a news item on that topic in
 * that neighbourhood from the back-office; the alert arrives, its link opens the news item; the
 * resident unsubscribes from the management page. Every page is checked with axe at 1280 and 390 px.
 */
describe('communication alerts, end to end', () => {
  let server: RunningServer;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const EMAIL = 'habitante@example.org';
  const PUBLIC_URL = 'http://mairie.e2e.beffroi.test';
  const NEWS_TITLE = 'Réfection du trottoir rue de la Prévoyance';
  let zone: { ref: string; name: string };
  let manageUrl = '';

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // The links of the mails name the public URL; the test opens their paths on the server it started.
    server = await startServer({ env: { PUBLIC_URL: PUBLIC_URL, SMTP_URL: smtp.url, MAIL_FROM: 'Mairie <mairie@e2e.beffroi.test>' } });
    browser = await launchBrowser();
    const options = (await (await fetch(`${server.url}/api/communication/alerts/options`)).json()) as { zones: { ref: string; name: string }[] };
    expect(options.zones.length).toBeGreaterThan(0);
    zone = options.zones[0]!;
  }, 180_000);

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    for (const errors of pageErrors) expect(errors, 'page errors or CSP violations').toEqual([]);
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

  it('a resident subscribes to a neighbourhood and a topic, and confirms from the mail', async () => {
    const page = await freshPage(PHONE);
    await page.goto('/');
    await page.getByRole('link', { name: /Recevoir les alertes/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Recevoir les alertes de la commune' }).waitFor();
    await checkBothWidths(page, 'subscribe', PHONE);

    await page.getByRole('checkbox', { name: 'Travaux et voirie', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Toute la commune', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: zone.name, exact: true }).check();
    await page.getByRole('radio', { name: /^Aussitôt/ }).check();
    await page.getByLabel('Adresse électronique').fill(EMAIL);
    await page.getByRole('button', { name: 'M’abonner' }).click();
    await page.getByTestId('subscribe-sent').waitFor();
    await checkBothWidths(page, 'subscribe, sent', PHONE);

    const [confirmation] = await smtp.waitFor(1, 30_000);
    expect(confirmation!.to).toEqual([EMAIL]);
    const confirmPath = pathIn(confirmation!, '/alertes/confirmer/');
    await page.goto(confirmPath);
    await page.getByRole('heading', { level: 1, name: 'Confirmer votre abonnement' }).waitFor();
    await checkBothWidths(page, 'confirm', PHONE);
    await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
    await page.getByTestId('confirmed').waitFor();
    await checkBothWidths(page, 'confirmed', PHONE);
    await page.getByRole('link', { name: 'Gérer mes alertes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes alertes' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Travaux et voirie', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: zone.name, exact: true }).isChecked()).toBe(true);
    expect(await page.content()).not.toContain(EMAIL);
    manageUrl = new URL(page.url()).pathname;
    await checkBothWidths(page, 'manage', PHONE);
  }, 120_000);

  it('an agent publishes a news item on that topic there; the alert arrives and opens it', async () => {
    const agent = await freshPage(DESKTOP);
    await agent.goto('/admin/connexion');
    await agent.getByLabel('Adresse électronique').fill(server.adminEmail);
    await agent.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await agent.getByRole('button', { name: 'Se connecter' }).click();
    await agent.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await agent.goto('/admin/actualites');
    await agent.getByRole('heading', { level: 1, name: 'Actualités et alertes' }).waitFor();
    await checkBothWidths(agent, 'back-office news');

    await agent.getByLabel('Titre').fill(NEWS_TITLE);
    await agent.getByLabel('Texte').fill('Le trottoir est refait du 12 au 16 ; le passage piéton est déplacé de 20 mètres.');
    await agent.getByRole('checkbox', { name: 'Travaux et voirie', exact: true }).check();
    await agent.getByRole('checkbox', { name: zone.name, exact: true }).check();
    await agent.getByRole('button', { name: 'Publier', exact: true }).click();
    await agent.getByTestId('news-done').waitFor();
    await checkBothWidths(agent, 'back-office news, published');

    const mails = await smtp.waitFor(2, 30_000);
    const alert = mails[1]!;
    expect(alert.to).toEqual([EMAIL]);
    const parts = mailParts(alert.raw)[0]!;
    expect(parts.headers['list-unsubscribe']).toMatch(/^<http:\/\/mairie\.e2e\.beffroi\.test\/api\/communication\/alerts\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(parts.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(textOf(alert)).toContain(NEWS_TITLE);

    const page = await freshPage(PHONE);
    await page.goto(pathIn(alert, '/actualites/'));
    await page.getByRole('heading', { level: 1, name: NEWS_TITLE }).waitFor();
    await checkBothWidths(page, 'news item', PHONE);
    await page.getByRole('link', { name: 'Toutes les actualités' }).click();
    await page.getByRole('heading', { level: 1, name: 'Actualités' }).waitFor();
    await page.getByRole('link', { name: NEWS_TITLE }).waitFor();
    await checkBothWidths(page, 'news list', PHONE);
  }, 120_000);

  it('the resident unsubscribes from the management page', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(manageUrl);
    await page.getByRole('heading', { level: 1, name: 'Mes alertes' }).waitFor();
    await page.getByRole('button', { name: 'Me désabonner' }).click();
    await page.getByTestId('unsubscribed').waitFor();
    await checkBothWidths(page, 'manage, unsubscribed');
    await page.getByRole('button', { name: 'Supprimer mes données' }).click();
    await page.getByRole('button', { name: 'Oui, tout supprimer' }).click();
    await page.getByTestId('deleted').waitFor();
    await checkBothWidths(page, 'manage, deleted');
  }, 120_000);
});
