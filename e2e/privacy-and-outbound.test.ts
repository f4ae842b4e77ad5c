import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { PHONE, expectNoHorizontalScroll } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * The screens of the platform's privacy and safety settings, in a real browser against the real
 * server: the outbound requests policy and an AI provider's key, the assistant's retention periods
 * and their statement in the register, erasure of a ticket at the resident's request, the signed
 * audit checkpoints, and a crawl the outbound policy refuses. Axe on each page, on a desktop and
 * on a 390 px phone.
 */
describe('privacy and outbound settings, end to end', () => {
  let server: RunningServer;
  let browser: Browser;

  const UNANSWERABLE = 'Quelle est la date de la prochaine éclipse solaire ?';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

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

  async function signIn(page: Page) {
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  }

  /** The text a screen reader gives with the field: its description and error (aria-describedby). */
  async function describedBy(field: Locator): Promise<string> {
    return field.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  }


  /** A resident's question the documents cannot answer, passed on to an agent, as the widget does it. */
  async function residentHandOff(): Promise<string> {
    const post = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const conversation = await post<{ id: string }>('/api/assistant/conversations', {});
    await post(`/api/assistant/conversations/${conversation.id}/messages`, { text: UNANSWERABLE });
    const ticket = await post<{ ticketCode: string }>(`/api/assistant/conversations/${conversation.id}/handoff`, {
      contactEmail: 'habitante@example.org',
      message: 'Merci de me répondre par courriel.',
    });
    return ticket.ticketCode;
  }

  it('saves the outbound requests policy, with each refused line named on its field', async () => {
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/parametres');
      const section = page.getByRole('region', { name: 'Requêtes sortantes' });
      await section.waitFor();
      await expectNoAxeViolations(page, 'settings page');

      await section.getByLabel('Sites autorisés').fill('mairie.fr\n*.mairie.fr\nhttps://www.mairie.fr/');
      // The cloud metadata address sits in 169.254.0.0/16: that network can never be opened.
      await section.getByLabel('Réseaux internes ouverts').fill('10.1.2.0/24\n\n169.254.0.0/16');
      await section.getByRole('button', { name: 'Enregistrer les requêtes sortantes' }).click();
      const summary = section.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
      const hosts = section.getByRole('textbox', { name: 'Sites autorisés' });
      const networks = section.getByRole('textbox', { name: 'Réseaux internes ouverts' });
      expect(await hosts.getAttribute('aria-invalid')).toBe('true');
      expect(await networks.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(hosts)).toContain('Ligne 3 : écrivez un nom de site comme mairie.fr');
      // Line 3, not 2: the empty line is skipped but still counted.
      expect(await describedBy(networks)).toContain('Ligne 3 : ce réseau contient une adresse de métadonnées cloud');
      await expectNoAxeViolations(page, 'settings page with errors');

      await hosts.fill('mairie.fr\n*.mairie.fr');
      await networks.fill('10.1.2.0/24');
      await section.getByRole('button', { name: 'Enregistrer les requêtes sortantes' }).click();
      await section.getByRole('status').filter({ hasText: 'Requêtes sortantes enregistrées.' }).waitFor();
      expect(await section.getByTestId('error-summary').count()).toBe(0);

      const saved = await page.evaluate(async () => (await (await fetch('/api/admin/settings')).json())['platform.outbound']);
      expect(saved).toEqual({ allowedHosts: ['mairie.fr', '*.mairie.fr'], allowedPrivateNetworks: ['10.1.2.0/24'] });

      // Back to the default, so that the crawl below is refused for its address, not its host.
      await hosts.fill('');
      await networks.fill('');
      await section.getByRole('button', { name: 'Enregistrer les requêtes sortantes' }).click();
      await section.getByRole('status').filter({ hasText: 'Requêtes sortantes enregistrées.' }).waitFor();
    });
  });

  it('asks for the API key again when a provider’s address changes, and saves without it', async () => {
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/parametres');
      const card = page.getByRole('group', { name: 'Génération de texte' });
      await card.waitFor();
      // Switched off: the assistant keeps answering without this provider.
      await card.getByLabel('Adresse de l’API').fill('https://llm.example.org/v1');
      await card.getByLabel('Nom du modèle').fill('petit-modele');
      await card.getByLabel('Clé d’API').fill('sk-test-key-1234');
      await page.getByRole('button', { name: 'Enregistrer les fournisseurs' }).click();
      await page.getByRole('status').filter({ hasText: 'Fournisseurs enregistrés.' }).waitFor();
      await card.getByText('Clé enregistrée. Laissez vide pour la conserver.').waitFor();

      await card.getByLabel('Adresse de l’API').fill('https://autre.example.org/v1');
      expect(await describedBy(card.getByLabel('Clé d’API'))).toContain('Saisissez à nouveau la clé (ou laissez vide pour n’en utiliser aucune)');
      await page.getByRole('button', { name: 'Enregistrer les fournisseurs' }).click();
      await page.getByRole('status').filter({ hasText: 'Fournisseurs enregistrés.' }).waitFor();
      expect(await page.getByTestId('error-summary').count()).toBe(0);
      await card.getByText('Aucune clé enregistrée.').waitFor();
    });
  });

  it('saves the retention periods, refuses one out of bounds on its field, and the register states them', async () => {
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/reglages');
      const section = page.getByRole('region', { name: 'Durées de conservation' });
      await section.waitFor();
      await expectNoAxeViolations(page, 'assistant settings');

      const conversations = section.getByRole('spinbutton', { name: 'Conversations avec l’assistant (jours)' });
      expect(await conversations.inputValue()).toBe('30');
      await conversations.fill('0');
      await section.getByRole('button', { name: 'Enregistrer les durées' }).click();
      const summary = section.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(/Conversations avec l’assistant \(jours\) : Indiquez un nombre entier de jours, entre 1 et 3\s650\./);
      expect(await conversations.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(conversations)).toContain('Indiquez un nombre entier de jours');
      await expectNoAxeViolations(page, 'assistant settings with an error');

      await conversations.fill('45');
      await section.getByRole('button', { name: 'Enregistrer les durées' }).click();
      await section.getByRole('status').filter({ hasText: 'Durées de conservation enregistrées.' }).waitFor();
      expect(await section.getByTestId('error-summary').count()).toBe(0);

      // The threshold form still saves without the period it used to carry.
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Réglages enregistrés.' }).waitFor();

      await page.goto('/transparence#assistant.answers');
      const entry = page.locator('article#assistant\\.answers');
      const retention = entry.getByTestId('register-retention');
      await retention.waitFor();
      expect(await retention.textContent()).toContain('Suppression 45 jours après le dernier message.');
      expect(await retention.textContent()).toContain('Anonymisation 90 jours après la question');
    });

    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/reglages');
      await page.getByRole('region', { name: 'Durées de conservation' }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, 'assistant settings (phone)');
      await page.goto('/admin/parametres');
      await page.getByRole('region', { name: 'Requêtes sortantes' }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, 'settings page (phone)');
    }, PHONE);
  });

  it('erases a ticket at the resident’s request from its page, says what went, and returns to the inbox', async () => {
    const code = await residentHandOff();
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/demandes');
      const row = page.getByTestId('inbox-table').getByRole('row').filter({ hasText: code });
      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: `Demande ${code}` }).waitFor();
      const ticketUrl = new URL(page.url()).pathname;
      await expectNoAxeViolations(page, 'ticket page');

      await page.getByRole('button', { name: 'Effacer à la demande de l’habitant' }).click();
      const dialog = page.getByRole('alertdialog', { name: `Effacer la demande ${code} ?` });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('la demande et tous ses messages');
      await expectNoAxeViolations(page, 'erasure confirmation');

      // Cancelling erases nothing.
      await dialog.getByRole('button', { name: 'Annuler' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Effacer à la demande de l’habitant' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Effacer définitivement' }).click();

      const done = page.getByRole('alertdialog', { name: `Demande ${code} effacée` });
      await done.waitFor();
      const counts = await done.getByTestId('erasure-counts').textContent();
      expect(counts).toContain('1 message de la demande supprimé.');
      expect(counts).toContain('Adresse électronique de contact supprimée.');
      expect(counts).toMatch(/1 conversation avec l’assistant supprimée \(\d+ messages\)\./);
      expect(counts).toContain('Texte de 1 question effacé des statistiques');
      await expectNoAxeViolations(page, 'erasure done');

      await done.getByRole('button', { name: 'Revenir aux demandes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demandes transmises' }).waitFor();
      await page.getByRole('status').filter({ hasText: `La demande ${code} a été effacée.` }).waitFor();
      await expect.poll(() => page.getByTestId('route-announcer').textContent()).toBe(`La demande ${code} a été effacée.`);
      // Focus is on the inbox's heading, as after any navigation.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Demandes transmises');
      expect(await page.getByRole('row').filter({ hasText: code }).count()).toBe(0);
      // /admin/assistant/demandes/:id reads /api/admin/assistant/tickets/:id.
      const status = await page.evaluate(async (path) => (await fetch(`/api${path.replace('/demandes/', '/tickets/')}`)).status, ticketUrl);
      expect(status).toBe(404);
      await expectNoAxeViolations(page, 'inbox after an erasure');
    });

    // The ticket page and the confirmation on a phone.
    const other = await residentHandOff();
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/demandes');
      await page.getByTestId('inbox-table').getByRole('row').filter({ hasText: other }).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: `Demande ${other}` }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, 'ticket page (phone)');
      await page.getByRole('button', { name: 'Effacer à la demande de l’habitant' }).click();
      await page.getByRole('alertdialog').waitFor();
      await expectNoAxeViolations(page, 'erasure confirmation (phone)');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Effacer définitivement' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Revenir aux demandes' }).click();
      await page.getByRole('status').filter({ hasText: `La demande ${other} a été effacée.` }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, 'inbox after an erasure (phone)');
    }, PHONE);
  });

  it('shows the retention periods and the signed audit checkpoints on /transparence', async () => {
    for (const viewport of [undefined, PHONE]) {
      await withPage(async (page) => {
        await page.goto('/transparence');
        await page.getByRole('heading', { level: 1, name: 'Transparence des algorithmes' }).waitFor();
        await page.getByTestId('register-retention').first().waitFor();
        expect(await page.getByTestId('register-retention').first().textContent()).toMatch(/jours? après/);

        const section = page.getByRole('region', { name: 'Journal d’audit signé' });
        await section.waitFor();
        const published = (await (await fetch(`${server.url}/api/audit/checkpoints`)).json()) as { keyId: string; checkpoints: { lastHash: string }[] };
        expect(published.checkpoints.length).toBeGreaterThan(0);
        expect(await section.getByTestId('checkpoint-key-id').textContent()).toBe(published.keyId);
        expect(await section.getByRole('link', { name: 'Tous les points de contrôle (JSON)' }).getAttribute('href')).toBe('/api/audit/checkpoints');
        expect(await section.textContent()).toContain(`npm run audit:verify -- --checkpoints ${server.url}/api/audit/checkpoints`);
        const rows = section.getByTestId('checkpoints-table').locator('tbody tr');
        expect(await rows.count()).toBe(Math.min(5, published.checkpoints.length));
        // Checked by the browser with the published key.
        await expect.poll(() => section.getByTestId('checkpoint-signature').first().textContent()).toBe('Signature valide');
        expect(await rows.first().textContent()).toContain(`${published.checkpoints[0]!.lastHash.slice(0, 16)}…`);
        await expectNoHorizontalScroll(page);
        await expectNoAxeViolations(page, `/transparence${viewport ? ' (phone)' : ''}`);
      }, viewport);
    }
  });

  it('says plainly why a crawl of an internal address is refused, on the address field', async () => {
    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/import');
      const crawl = page.getByRole('region', { name: 'Importer un site' });
      await crawl.getByLabel('Adresse', { exact: true }).fill('http://127.0.0.1:9/sitemap.xml');
      await crawl.getByRole('button', { name: 'Lancer l’import' }).click();
      const summary = crawl.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Cette adresse mène à un réseau interne ou réservé');
      const url = crawl.getByRole('textbox', { name: 'Adresse', exact: true });
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(url)).toContain('Cette adresse mène à un réseau interne ou réservé');
      await expectNoAxeViolations(page, 'import page with a refused crawl');
    });

    await withPage(async (page) => {
      await signIn(page);
      await page.goto('/admin/assistant/import');
      await page.getByRole('region', { name: 'Importer un site' }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectNoAxeViolations(page, 'import page (phone)');
    }, PHONE);
  });
});
