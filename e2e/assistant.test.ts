import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The assistant's acceptance path in a real browser, against the real server seeded with the
 * demo commune's documents: the widget on a foreign-looking page, a cited answer and its
 * highlighted source, an abstention and the hand-off, the agent's reply from the inbox, and the
 * resident reading it; axe on every page residents and agents use for this.
 */
describe('assistant, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  // Questions the demo documents answer (10-encombrants.md) and one they cannot.
  const ANSWERABLE = 'Comment faire enlever mes encombrants ?';
  const UNANSWERABLE = 'Quelle est la date de la prochaine éclipse solaire ?';
  const AGENT_REPLY = 'Bonjour, la mairie ne publie pas ce calendrier ; consultez l’Observatoire de Paris. Bonne journée.';

  let ticketCode = '';
  let ticketHref = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function freshPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return { context, page: await context.newPage(), errors };
  }

  let resident: { context: BrowserContext; page: Page; errors: string[] };

  it('the widget on a foreign site answers with citations, isolated from the host page styles', async () => {
    resident = await freshPage();
    const { page } = resident;
    await page.goto('/widget-demo.html');
    const launcher = page.getByRole('button', { name: 'Poser une question à la mairie' });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');

    await launcher.click();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const dialog = page.getByRole('dialog', { name: 'Poser une question' });
    await dialog.waitFor();
    const input = dialog.getByLabel('Votre question');
    // Focus moves into the panel when it opens.
    expect(await input.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    // The host page sets Comic Sans, lime buttons and 50px textareas with !important: none of it reaches the widget.
    const styles = await input.evaluate((el) => {
      const s = getComputedStyle(el);
      return { font: s.fontFamily, background: s.backgroundColor, width: el.getBoundingClientRect().width, display: s.display };
    });
    expect(styles.font).not.toMatch(/Comic Sans/i);
    expect(styles.background).toBe('rgb(255, 255, 255)');
    expect(styles.width).toBeGreaterThan(200);
    await page.mouse.move(0, 0);
    const launcherBg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(launcherBg).toBe('rgb(29, 59, 92)');

    await input.fill(ANSWERABLE);
    await input.press('Enter');
    const answer = dialog.getByTestId('widget-answer');
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toMatch(/rendez-vous/i);
    const citations = dialog.getByTestId('widget-citation');
    expect(await citations.count()).toBeGreaterThan(0);
    expect(await citations.first().getAttribute('aria-label')).toMatch(/^Source 1 : /);
    // The live region carries the new answer for screen readers.
    expect(await dialog.getByTestId('widget-log').getAttribute('aria-live')).toBe('polite');
  });

  it('opening a citation shows the source with the cited span highlighted and focused', async () => {
    const { page, context } = resident;
    const popupPromise = context.waitForEvent('page');
    await page.getByRole('dialog').getByTestId('widget-citation').first().click();
    const source = await popupPromise;
    await source.waitForLoadState();
    const mark = source.getByTestId('cited-span');
    await mark.waitFor();
    expect((await mark.textContent())!.length).toBeGreaterThan(10);
    await expect.poll(() => source.evaluate(() => document.activeElement?.tagName)).toBe('MARK');
    expect(await mark.isVisible()).toBe(true);
    const inView = await mark.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    expect(await source.getByRole('heading', { level: 1 }).textContent()).toMatch(/Encombrants/);
    await source.getByTestId('demo-badge').waitFor();
    expect(await source.getByTestId('demo-badge').textContent()).toBe('Contenu de démonstration');
    await expectNoAxeViolations(source, 'source viewer');
    await source.close();
  });

  it('an unanswerable question gets a plain abstention and the hand-off, which gives a code and a private link', async () => {
    const { page } = resident;
    const dialog = page.getByRole('dialog', { name: 'Poser une question' });
    const input = dialog.getByLabel('Votre question');
    await input.fill(UNANSWERABLE);
    await dialog.getByRole('button', { name: 'Envoyer' }).click();
    const abstained = dialog.getByTestId('widget-abstained');
    await abstained.waitFor({ timeout: 30_000 });
    expect(await abstained.textContent()).toMatch(/ne sais pas/i);

    await dialog.getByRole('button', { name: 'Parler à un agent' }).click();
    const form = dialog.getByTestId('widget-handoff-form');
    await form.waitFor();
    // The subject the agent reads first is the question left unanswered, for the resident to confirm or correct.
    expect(await form.getByLabel('Objet de votre demande').inputValue()).toBe(UNANSWERABLE.replace(/\s+/g, ' ').slice(0, 140));
    await form.getByLabel('Votre message (facultatif)').fill('Je voudrais organiser une sortie scolaire pour l’éclipse.');
    await form.getByRole('button', { name: 'Transmettre à un agent' }).click();
    const done = dialog.getByTestId('widget-handoff-done');
    await done.waitFor({ timeout: 30_000 });
    ticketCode = (await done.getByTestId('widget-ticket-code').textContent())!.trim();
    ticketHref = (await done.getByTestId('widget-ticket-link').getAttribute('href'))!;
    expect(ticketCode).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(ticketHref).toContain(`/assistant/suivi/${ticketCode}?token=`);

    // Escape closes the panel and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    const launcher = page.getByRole('button', { name: 'Poser une question à la mairie' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
  });

  it('an agent sees the ticket in the inbox, with the transcript, and replies', async () => {
    const { page } = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();

    await page.getByRole('link', { name: 'Assistant : demandes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demandes transmises' }).waitFor();
    const table = page.getByTestId('inbox-table');
    await table.waitFor();
    const row = table.getByRole('row').filter({ hasText: ticketCode });
    expect(await row.count()).toBe(1);
    await expectNoAxeViolations(page, 'assistant inbox');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Demande ${ticketCode}` }).waitFor();
    expect(await page.getByTestId('ticket-transcript').textContent()).toContain('éclipse');
    await page.getByRole('button', { name: 'Je la prends en charge' }).click();
    await page.getByText('Demande prise en charge.').waitFor();
    await page.getByLabel('Votre réponse').fill(AGENT_REPLY);
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await page.getByText('Réponse envoyée.').waitFor();
    expect(await page.getByTestId('ticket-messages').textContent()).toContain('Observatoire de Paris');
    expect(await page.getByTestId('admin-ticket-status').textContent()).toBe('Répondue');
    await expectNoAxeViolations(page, 'assistant ticket (agent)');
  });

  it('the resident reads the reply through the private link and answers back', async () => {
    const { page } = resident;
    await page.goto(ticketHref);
    await page.getByRole('heading', { level: 1, name: `Suivi de votre demande ${ticketCode}` }).waitFor();
    const thread = page.getByTestId('ticket-thread');
    await thread.getByText('Observatoire de Paris', { exact: false }).waitFor();
    expect(await page.getByTestId('ticket-status').textContent()).toBe('Répondue');
    await expectNoAxeViolations(page, 'ticket page (resident)');

    await page.getByLabel('Votre message').fill('Merci beaucoup !');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText('Votre message est envoyé.').waitFor();
    expect(await thread.textContent()).toContain('Merci beaucoup !');

    // A wrong token shows nothing of the ticket.
    await page.goto(`/assistant/suivi/${ticketCode}?token=not-the-right-token-at-all`);
    await page.getByRole('heading', { level: 1, name: 'Demande introuvable' }).waitFor();
  });

  it('the assistant page shows the AI notice first, answers with keyboard only, and is axe-clean', async () => {
    const { page } = await freshPage({ width: 390, height: 844 });
    await page.goto('/assistant');
    await page.getByRole('heading', { level: 1, name: 'Poser une question' }).waitFor();
    const notice = page.getByTestId('ai-notice');
    await notice.waitFor();
    // The notice comes before the conversation in the reading order.
    const order = await page.evaluate(() => {
      const n = document.querySelector('[data-testid="ai-notice"]');
      const c = document.querySelector('[data-testid="assistant-chat"]');
      return n && c ? n.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    await expectNoAxeViolations(page, 'assistant page (empty)');

    const input = page.getByLabel('Votre question');
    await input.click();
    await page.keyboard.type('Quels sont les horaires');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('de la mairie ?');
    expect(await input.inputValue()).toBe('Quels sont les horaires\nde la mairie ?');
    await page.keyboard.press('Enter');
    const answer = page.getByTestId('answer').first();
    await answer.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('chat-log').getAttribute('aria-live')).toBe('polite');
    const citation = answer.getByTestId('citation').first();
    expect(await citation.getAttribute('href')).toMatch(/^\/assistant\/sources\/[0-9a-f-]+\?start=\d+&end=\d+/);

    // Feedback: a thumbs up, then tags and a comment.
    await answer.getByRole('button', { name: 'Oui' }).click();
    await answer.getByText('Merci, votre avis est enregistré.').waitFor();
    await answer.getByText('Claire', { exact: true }).click();
    expect(await answer.getByRole('checkbox', { name: 'Claire' }).isChecked()).toBe(true);
    await answer.getByLabel('Commentaire (facultatif)').fill('Parfait.');
    await answer.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await answer.getByText('Merci pour ces précisions.').waitFor();
    await expectNoAxeViolations(page, 'assistant page (with an answer)');

    // Empty and over-long questions never reach the server.
    await input.fill('x'.repeat(2001));
    expect(await page.getByRole('button', { name: 'Envoyer', exact: true }).isDisabled()).toBe(true);
    await page.getByText('Votre question compte 2001 caractères').waitFor();
  });

  it('no page error or CSP violation happened along the way', () => {
    for (const errors of pageErrors) expect(errors).toEqual([]);
  });
});
