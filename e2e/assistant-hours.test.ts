import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * Issue 13's acceptance, as a new resident tries it: "horaires de la mairie", in French and in
 * English, answered in the portal with the town hall's hours (the list item under its heading,
 * not three sentences around it), and a citation that opens the source at that list, highlighted.
 */
describe('assistant: the town hall hours, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    expect(pageErrors.flat()).toEqual([]);
  });

  it.each([
    ['French', 'Quels sont les horaires de la mairie ?'],
    ['English', 'What are the opening hours of the town hall?'],
  ])('asked in %s, shows the hours with a citation that opens the list in its source', async (_language, question) => {
    const { context, errors } = await newContext(browser, { baseURL: server.url });
    opened.push(context);
    pageErrors.push(errors);
    const page = await context.newPage();
    await page.goto('/assistant');
    await page.getByTestId('chat-input').fill(question);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    const answer = page.getByTestId('answer');
    await answer.waitFor({ timeout: 30_000 });
    const text = (await answer.textContent()) ?? '';
    expect(text).toContain('8 h 30');
    expect(text).toContain('17 h 30');
    await checkBothWidths(page, `answer to "${question}"`);

    await answer.getByTestId('citation').first().click();
    const mark = page.getByTestId('cited-span').first();
    await mark.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('cited-span').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('8 h 30')]));
    await checkBothWidths(page, `source of the answer to "${question}"`);
  });
});
