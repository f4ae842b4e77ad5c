import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The foundation's acceptance path, in a real browser against the real server on a fresh
 * embedded database: portal, admin login, creating an agent, the agent's narrower view,
 * and axe on the pages the issue names.
 */
describe('foundation, end to end', () => {
  let server: RunningServer;
  let browser: Browser;

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

  async function signIn(page: Page, email: string, password: string) {
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace agents' }).waitFor();
  }

  it('serves the portal home with the commune, its entry points and no axe violation, in French and English', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      const h1 = page.getByRole('heading', { level: 1 });
      await expect.poll(() => h1.textContent()).toBe('Vincennes');
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      // Entry cards come from the modules' web manifests: at least the assistant's, each once.
      expect(await page.getByRole('main').getByRole('link', { name: /^Poser une question/ }).count()).toBe(1);
      expect(await page.locator('.entry-card').count()).toBeGreaterThanOrEqual(1);
      expect(await page.title()).toContain('Vincennes');
      await expectNoAxeViolations(page, 'portal home (fr)');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 2, name: 'What would you like to do?' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expectNoAxeViolations(page, 'portal home (en)');

      // The choice persists across a reload.
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'What would you like to do?' }).waitFor();
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { level: 2, name: 'Que souhaitez-vous faire ?' }).waitFor();
    });
  });

  it('moves focus to the new page heading after an in-app navigation', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Vincennes' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: /^Poser une question/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Poser une question' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      expect(await page.title()).toMatch(/^Poser une question — /);
    });
  });

  it('publishes the algorithm register at /transparence without axe violations', async () => {
    await withPage(async (page) => {
      await page.goto('/transparence');
      await page.getByRole('heading', { level: 1, name: 'Transparence des algorithmes' }).waitFor();
      await page.getByText(/Registre de /).waitFor();
      const register = (await (await fetch(`${server.url}/api/register`)).json()) as { entries: { id: string }[] };
      expect(await page.locator('article.register-entry').count()).toBe(register.entries.length);
      await expectNoAxeViolations(page, '/transparence');
    });
  });

  it('shows the AI notice before the assistant, and remembers "J’ai compris" for the visit', async () => {
    await withPage(async (page) => {
      await page.goto('/assistant');
      const notice = page.getByRole('region', { name: /Vous échangez avec un système automatisé/ });
      await notice.waitFor();
      expect(await notice.getByRole('link', { name: 'En savoir plus sur cet algorithme' }).getAttribute('href')).toBe(
        '/transparence#assistant.answers',
      );
      await notice.getByRole('button', { name: 'J’ai compris' }).click();
      await page.getByTestId('ai-notice-compact').waitFor();
      await page.reload();
      await page.getByTestId('ai-notice-compact').waitFor();
      expect(await page.getByTestId('ai-notice').count()).toBe(0);
    });
  });

  it('lets the admin sign in, create an agent and sign out; the agent then signs in without user management', async () => {
    const agent = {
      name: 'Camille Agent',
      email: 'camille.agent@e2e.beffroi.test',
      password: 'camille-password-2024',
      ownPassword: 'camille-own-password-2024',
    };

    await withPage(async (page) => {
      // Unauthenticated back-office pages send to the login page with a return path.
      await page.goto('/admin/utilisateurs');
      await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace agents' }).waitFor();
      expect(new URL(page.url()).searchParams.get('retour')).toBe('/admin/utilisateurs');
      await expectNoAxeViolations(page, 'login page');

      // A wrong password is reported in the focused error summary.
      await page.getByLabel('Adresse électronique').fill(server.adminEmail);
      await page.getByLabel('Mot de passe', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Adresse électronique ou mot de passe incorrect.');
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);

      await signIn(page, server.adminEmail, server.adminPassword);
      await expectNoAxeViolations(page, 'back-office dashboard');

      await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Utilisateurs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
      await page.getByTestId('users-table').waitFor();
      await expectNoAxeViolations(page, 'users page');

      const form = page.getByRole('region', { name: 'Créer un compte' });
      await form.getByLabel('Nom', { exact: true }).fill(agent.name);
      await form.getByLabel('Adresse électronique').fill(agent.email);
      // Role defaults to "Agent"; check the React Aria select shows it.
      expect(await form.getByRole('button', { name: /Agent/ }).count()).toBeGreaterThan(0);
      await form.getByLabel('Mot de passe initial').fill(agent.password);
      await form.getByRole('button', { name: 'Créer le compte' }).click();
      await page.getByRole('status').filter({ hasText: `Le compte de ${agent.name} a été créé.` }).waitFor();
      const row = page.getByTestId('users-table').getByRole('row', { name: new RegExp(agent.name) });
      await row.waitFor();
      expect(await row.textContent()).toContain('Agent');
      expect(await row.textContent()).toContain('Actif');

      await signOut(page);
    });

    await withPage(async (page) => {
      // The password the admin chose is temporary: the agent's first sign-in must replace it.
      await page.goto('/admin/connexion');
      await page.getByLabel('Adresse électronique').fill(agent.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(agent.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
      await page.getByLabel('Mot de passe actuel', { exact: true }).fill(agent.password);
      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(agent.ownPassword);
      await page.getByLabel('Confirmer le nouveau mot de passe', { exact: true }).fill(agent.ownPassword);
      await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Navigation de l’espace agents' });
      expect(await nav.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Paramètres' }).count()).toBe(0);

      await page.goto('/admin/utilisateurs');
      await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
      // The server refuses too, whatever the UI shows.
      const status = await page.evaluate(async () => (await fetch('/api/admin/users', { credentials: 'same-origin' })).status);
      expect(status).toBe(403);
      await signOut(page);
    });
  });

  it('verifies the audit chain from the back-office', async () => {
    await withPage(async (page) => {
      await signIn(page, server.adminEmail, server.adminPassword);
      await page.goto('/admin/audit');
      await page.getByTestId('audit-table').waitFor();
      await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
      await page.getByRole('status').filter({ hasText: /Chaîne intacte/ }).waitFor();
    });
  });

  it('keeps the portal usable on a 390 px wide phone without horizontal scrolling', async () => {
    await withPage(
      async (page) => {
        await page.goto('/');
        await page.getByRole('heading', { level: 1, name: 'Vincennes' }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page, 'portal home (phone)');
      },
      { width: 390, height: 844 },
    );
  });
});
