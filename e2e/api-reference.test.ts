import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The API reference page (`/api/docs`), written by the server from the OpenAPI document: it must
 * meet the product's own rules — no axe violation, no CSP violation, usable on a phone and with a
 * keyboard — in French and in English.
 */
describe('API reference page, end to end', () => {
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

  async function withPage<T>(fn: (page: Page) => Promise<T>, opts: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<T> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, ...opts });
    try {
      const page = await context.newPage();
      const result = await fn(page);
      expect(errors, 'page errors or CSP violations').toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  it('lists the API in French without axe violations, then in English', async () => {
    await withPage(async (page) => {
      const response = await page.goto('/api/docs');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.getByRole('heading', { level: 1, name: 'Référence de l’API' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('script').count()).toBe(0);
      // Its own style sheet applies (the skip link waits off-screen until focused).
      expect(await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position)).toBe('absolute');
      const login = page.getByRole('heading', { level: 3, name: /POST \/api\/auth\/login/ });
      expect(await login.count()).toBe(1);
      expect(await page.getByRole('navigation', { name: 'Sommaire' }).count()).toBe(1);
      await expectNoAxeViolations(page, '/api/docs (fr)');

      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expectNoAxeViolations(page, '/api/docs (en)');
    });
  });

  it('answers in English to a browser that prefers it', async () => {
    await withPage(
      async (page) => {
        await page.goto('/api/docs');
        await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
      },
      { locale: 'en-GB' },
    );
  });

  it('reads on a 390 px wide phone without horizontal scrolling or axe violations', async () => {
    await withPage(
      async (page) => {
        await page.goto('/api/docs');
        await page.getByRole('heading', { level: 1, name: 'Référence de l’API' }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page, '/api/docs (phone)');
      },
      { viewport: { width: 390, height: 844 } },
    );
  });

  it('works with the keyboard: the first Tab reaches the skip link, which leads to the content', async () => {
    await withPage(async (page) => {
      await page.goto('/api/docs');
      await page.getByRole('heading', { level: 1, name: 'Référence de l’API' }).waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Aller au contenu' });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      // A schema folded in a disclosure opens from the keyboard.
      const summary = page.locator('summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      expect(await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open)).toBe(true);
    });
  });
});
