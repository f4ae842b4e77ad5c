import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../src/platform/audit/api-schemas';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { PHONE, expectNoHorizontalScroll } from './support/layout';
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



  it('signs an audit checkpoint on request and words what the verification finds, on desktop and phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      await withPage(async (page) => {
        await signIn(page);
        await page.goto('/admin/audit');
        await page.getByTestId('audit-table').waitFor();
        const signing = page.getByRole('region', { name: 'Points de contrôle signés' });
        await signing.getByRole('button', { name: 'Signer un point de contrôle' }).click();
        await signing.getByRole('status').filter({ hasText: /^Point de contrôle n° \d+ signé : \d+ événements/ }).waitFor();
        // The checkpoint is itself an event of the chain: the newest page shows it.
        await page.getByTestId('audit-table').getByText('audit.checkpoint', { exact: true }).first().waitFor();

        // The real chain: intact, and every signed checkpoint still in it.
        await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
        await page.getByRole('status').filter({ hasText: /^Points de contrôle : \d+ points? de contrôle signés? comparés? à la chaîne, sans anomalie\.$/ }).waitFor();
        await expectNoAxeViolations(page, 'audit page, checkpoint signed and chain verified');

        // A tampered chain cannot be made from here (the database refuses): its answers are played back.
        const tampered: VerifyResult = {
          ok: true,
          checked: 40,
          firstBroken: null,
          anchor: { size: 12, eventId: 12, hash: 'a'.repeat(64), checkpointId: 2, prunedAt: '2026-01-31T23:00:00.000Z' },
          checkpoints: {
            checked: 3,
            findings: [
              { kind: 'truncation', checkpointId: 3, eventId: 41, message: 'Checkpoint #3 covered event #41, which the chain no longer holds.' },
              { kind: 'unconfirmed_anchor', checkpointId: 2, eventId: 12, message: 'No valid checkpoint confirms the anchor.' },
            ],
          },
        };
        await page.route('**/api/admin/audit/verify', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(tampered) }),
        );
        await page.route('**/api/admin/audit/checkpoints', (route) =>
          route.fulfill({
            status: 409,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'https://beffroi.org/problems/audit/chain_truncated',
              title: 'Conflit',
              status: 409,
              code: 'audit.chain_truncated',
              detail: 'Le journal d’audit a été tronqué : l’événement n° 41, couvert par le point de contrôle n° 3, n’y est plus. Aucun point de contrôle n’est signé.',
              eventId: 41,
              checkpointId: 3,
            }),
          }),
        );
        await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
        const findings = page.getByTestId('audit-findings');
        await findings.waitFor();
        expect(await findings.textContent()).toContain('relève 2 anomalies');
        const items = await findings.getByRole('listitem').allTextContents();
        expect(items).toEqual([
          'Troncature : le point de contrôle n° 3 couvrait l’événement n° 41, qui n’est plus dans la chaîne.',
          'Purge sans point de contrôle : la chaîne commence après l’événement n° 12, mais aucun point de contrôle valide ne confirme ce départ (n° 2).',
        ]);
        expect(await page.getByTestId('audit-anchor').textContent()).toMatch(/^Les événements jusqu’au n° 12 \(12 événements\) ont été purgés le /);

        await signing.getByRole('button', { name: 'Signer un point de contrôle' }).click();
        await signing.getByRole('status').filter({ hasText: 'Le journal d’audit a été tronqué : l’événement n° 41' }).waitFor();
        await expectNoAxeViolations(page, 'audit page with findings and a refused checkpoint');
        if (viewport) await expectNoHorizontalScroll(page);
      }, viewport);
    }
  });

  it('sets the audit checkpoints and their witnesses, with the e-mail witness status and each refused address named', async () => {
    for (const viewport of [undefined, PHONE]) {
      await withPage(async (page) => {
        await signIn(page);
        await page.goto('/admin/parametres');
        const section = page.getByRole('region', { name: 'Points de contrôle du journal d’audit' });
        await section.waitFor();
        // The test server has no mail server: e-mail witnessing is off, and says why.
        await section.getByTestId('witness-status').getByText(/aucun serveur de messagerie n’est configuré/).waitFor();
        await expectNoAxeViolations(page, 'settings page, checkpoints');

        await section.getByLabel('Intervalle entre deux points de contrôle (minutes)').fill('30');
        await section.getByLabel('Adresse du webhook (facultatif)').fill('https://temoin.example.org/points');
        const emails = section.getByRole('textbox', { name: 'Adresses du comité de contrôle' });
        await emails.fill('comite@example.org\n\npas-une-adresse');
        await section.getByRole('button', { name: 'Enregistrer les points de contrôle' }).click();
        await section.getByTestId('error-summary').waitFor();
        expect(await emails.getAttribute('aria-invalid')).toBe('true');
        expect(await describedBy(emails)).toContain('Ligne 3 : adresse électronique non valide.');
        await expectNoAxeViolations(page, 'settings page, checkpoints with errors');
        if (viewport) await expectNoHorizontalScroll(page);

        await emails.fill('comite@example.org\nelu@example.org');
        await section.getByRole('button', { name: 'Enregistrer les points de contrôle' }).click();
        await section.getByRole('status').filter({ hasText: 'Réglage des points de contrôle enregistré.' }).waitFor();
        const saved = await page.evaluate(async () => (await (await fetch('/api/admin/settings')).json())['trust.checkpoints']);
        expect(saved).toEqual({ intervalMinutes: 30, webhookUrl: 'https://temoin.example.org/points', committeeEmails: ['comite@example.org', 'elu@example.org'] });
        await section.getByTestId('witness-status').getByText('chaque point de contrôle y est envoyé.').waitFor();

        // Back to the default, so that no witness is called for the next checkpoints.
        await section.getByLabel('Intervalle entre deux points de contrôle (minutes)').fill('60');
        await section.getByLabel('Adresse du webhook (facultatif)').fill('');
        await emails.fill('');
        await section.getByRole('button', { name: 'Enregistrer les points de contrôle' }).click();
        await section.getByRole('status').filter({ hasText: 'Réglage des points de contrôle enregistré.' }).waitFor();
        await section.getByTestId('witness-status').getByText('aucun réglé.').waitFor();
      }, viewport);
    }
  });

  it('says which files an upload takes and how large, and a refused file on its field', async () => {
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/import');
      const upload = page.getByRole('region', { name: 'Envoyer un fichier' });
      const file = upload.getByLabel('Fichier', { exact: true });
      await expect.poll(() => describedBy(file)).toMatch(/^Formats acceptés : PDF .*, Word \(\.docx\), HTML, Markdown \(\.md\) et texte \(\.txt\), 20 Mo au plus\./);
      // A script named like a Word document: the content decides, and it is refused.
      await file.setInputFiles({ name: 'rapport.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('<?php echo "hello"; ?>') });
      await upload.getByRole('button', { name: 'Envoyer', exact: true }).click();
      const refusal = upload.getByTestId('upload-file-error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/^Type de fichier non pris en charge/);
      expect(await file.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(file)).toContain('Type de fichier non pris en charge');
      await expectNoAxeViolations(page, 'import page with a refused file');
    });
  });

  /** The text of the elements that describe a field (its help and its error). */
  async function describedBy(field: Locator): Promise<string> {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const page = field.page();
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  }
});
