import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The back-office is code split: residents never download it, and each assistant page is
 * fetched when an agent opens it. The lazily loaded pages keep the shared form behaviour:
 * focus on the new heading, the error summary, one submission at a time.
 */
describe('back-office, end to end', () => {
  let server: RunningServer;
  let browser: Browser;

  // Vite names a chunk after the module that starts it.
  const BACK_OFFICE_CHUNK =
    /\/assets\/(AdminRoutes|AdminTicketPage|AnalyticsPage|AssistantSettingsPage|DocumentEditPage|DocumentsPage|ImportPage|InboxPage|VocabularyPage)-[\w-]+\.js$/;
  const chunkName = (url: string) => /\/assets\/([A-Za-z]+)-[\w-]+\.js$/.exec(url)?.[1] ?? url;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function withPage<T>(fn: (page: Page, scripts: string[]) => Promise<T>, viewport?: { width: number; height: number }): Promise<T> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    try {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      const result = await fn(page, scripts);
      expect(errors, 'page errors or CSP violations').toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  async function signIn(page: Page) {
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation de l’espace agents' });

  async function expectHeadingFocused(page: Page, name: string) {
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name);
  }

  it('a resident on a phone downloads none of the back-office', async () => {
    await withPage(
      async (page, scripts) => {
        await page.goto('/');
        await page.getByRole('heading', { level: 1, name: 'Vincennes' }).waitFor();
        await page.getByRole('main').getByRole('link', { name: /^Poser une question/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Poser une question' }).waitFor();
        await page.goto('/transparence');
        await page.getByRole('heading', { level: 1, name: 'Transparence des algorithmes' }).waitFor();
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts.filter((s) => BACK_OFFICE_CHUNK.test(s))).toEqual([]);
      },
      { width: 390, height: 844 },
    );
  });

  it('loads each assistant page when an agent opens it, with focus on its heading and no axe violation', async () => {
    await withPage(async (page, scripts) => {
      await signIn(page);
      const loaded = () => scripts.filter((s) => BACK_OFFICE_CHUNK.test(s)).map(chunkName);
      expect(loaded()).toEqual(['AdminRoutes']);

      const pages = [
        { link: 'Assistant : demandes', title: 'Demandes transmises', chunk: 'InboxPage' },
        { link: 'Assistant : documents', title: 'Documents de l’assistant', chunk: 'DocumentsPage' },
        { link: 'Assistant : vocabulaire', title: 'Vocabulaire de l’assistant', chunk: 'VocabularyPage' },
        { link: 'Assistant : statistiques', title: 'Statistiques de l’assistant', chunk: 'AnalyticsPage' },
        { link: 'Assistant : réglages', title: 'Réglages de l’assistant', chunk: 'AssistantSettingsPage' },
      ];
      for (const { link, title, chunk } of pages) {
        await nav(page).getByRole('link', { name: link }).click();
        await expectHeadingFocused(page, title);
        expect(loaded()).toContain(chunk);
        await expectNoAxeViolations(page, title);
      }

      await nav(page).getByRole('link', { name: 'Assistant : documents' }).click();
      await page.getByRole('link', { name: 'Importer (fichier, JSON, site)' }).click();
      await expectHeadingFocused(page, 'Importer des documents');
      await expectNoAxeViolations(page, 'import page');
      await nav(page).getByRole('link', { name: 'Assistant : documents' }).click();
      await page.getByRole('link', { name: 'Nouveau document' }).click();
      await expectHeadingFocused(page, 'Nouveau document');
      expect(loaded()).toEqual(expect.arrayContaining(['ImportPage', 'DocumentEditPage']));
    });
  });

  it('reports malformed JSON in the focused error summary before sending anything', async () => {
    await withPage(async (page) => {
      await signIn(page);
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/api/admin/assistant/documents/import')) posts.push(request.url());
      });
      await page.goto('/admin/assistant/import');
      const bulk = page.getByRole('region', { name: 'Import JSON en lot' });
      await bulk.getByLabel('Documents (JSON)').fill('{ not json');
      await bulk.getByRole('button', { name: 'Importer' }).click();
      const summary = bulk.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Ce texte n’est pas du JSON valide.');
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(posts).toEqual([]);
    });
  });

  it('sends a form submitted twice in a row once', async () => {
    await withPage(async (page) => {
      await signIn(page);
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/admin/assistant/vocabulary') posts.push(request.url());
      });
      await page.goto('/admin/assistant/vocabulaire');
      const form = page.getByRole('region', { name: 'Ajouter un terme' });
      await form.getByLabel('Terme', { exact: true }).fill('SIVOM');
      await form.getByLabel('Équivalents').fill('syndicat intercommunal à vocation multiple');
      // Two submissions in the same task, before React renders the first one's pending state.
      await form.locator('form').evaluate((el: HTMLFormElement) => {
        el.requestSubmit();
        el.requestSubmit();
      });
      await page.getByRole('status').filter({ hasText: '« SIVOM » ajouté.' }).waitFor();
      await page.getByTestId('vocabulary-table').getByRole('row', { name: /SIVOM/ }).waitFor();
      expect(posts).toHaveLength(1);
      expect(await page.getByTestId('error-summary').count()).toBe(0);
    });
  });

  it('says so and offers to reload when a page cannot be downloaded, instead of a blank screen', async () => {
    const { context } = await newContext(browser, { baseURL: server.url });
    try {
      const page = await context.newPage();
      // A tab left open across a new release asks for a file that no longer exists.
      await page.route(/\/assets\/AdminRoutes-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'Not Found' }));
      await page.goto('/admin/connexion');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Cette page n’a pas pu être chargée');
      await alert.getByRole('button', { name: 'Recharger la page' }).waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
