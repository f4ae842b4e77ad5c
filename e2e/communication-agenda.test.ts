import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * The agenda in a real browser, against the real server: an agent writes an event for one
 * neighbourhood and publishes it; a resident finds it filtered by neighbourhood and topic (and not
 * under another neighbourhood), gets the iCal link of the selection, prints the list (print
 * stylesheet: no navigation, no filters), and keeps a personal agenda in the browser. Every page
 * axe-clean at 1280 and 390 px, without sideways scrolling.
 */
describe('agenda, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const TITLE = 'Fête de quartier du secteur 1';

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

  it('an agent writes and publishes an event', async () => {
    const page = await freshPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda : événements' }).waitFor();
    await page.getByTestId('agenda-admin-events').getByRole('rowheader', { name: 'Conseil municipal (exemple)' }).waitFor();
    await checkBothWidths(page, 'agenda (back-office)');

    const start = new Date(Date.now() + 3 * 86_400_000);
    const p = (n: number) => String(n).padStart(2, '0');
    const day = `${start.getFullYear()}-${p(start.getMonth() + 1)}-${p(start.getDate())}`;
    await page.getByLabel('Titre (obligatoire)').fill(TITLE);
    await page.getByLabel('Description', { exact: true }).fill('Musique, jeux et goûter ; ouvert à tous.');
    await page.getByLabel('Début (obligatoire)').fill(`${day}T15:00`);
    await page.getByLabel('Fin', { exact: true }).fill(`${day}T19:00`);
    await page.getByLabel('Lieu', { exact: true }).fill('Square des Tilleuls');
    await page.getByRole('group', { name: 'Quartiers concernés' }).getByLabel('Secteur de démonstration 1 (nord-ouest)').check();
    await page.getByLabel('Culture et patrimoine').check();
    await page.getByLabel('Publier tout de suite').check();
    await page.getByRole('button', { name: 'Créer l’événement' }).click();
    await page.getByText(`« ${TITLE} » est publié.`).waitFor();
    await page.getByTestId('agenda-admin-events').getByRole('rowheader', { name: TITLE }).waitFor();
    await checkBothWidths(page, 'agenda (back-office, event created)');
  });

  it('a resident filters, subscribes, prints and keeps a personal agenda', async () => {
    const page = await freshPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Agenda', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    await page.getByTestId('agenda-events').getByRole('heading', { name: 'Conseil municipal (exemple)' }).waitFor();
    await checkBothWidths(page, 'agenda (portal)');

    await page.getByLabel('Quartier', { exact: true }).selectOption('secteurs-demo:SD1');
    await page.getByLabel('Thème', { exact: true }).selectOption('culture');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    // The unfiltered list had the event too: wait for the filtered one (the council meeting gone).
    await page.getByRole('heading', { name: 'Conseil municipal (exemple)' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    expect(page.url()).toContain('zones=secteurs-demo%3ASD1');
    const ical = await page.getByTestId('agenda-ical').getAttribute('href');
    expect(ical).toBe('/api/agenda/events.ics?zones=secteurs-demo%3ASD1&topics=culture');
    const ics = await (await fetch(`${server.url}${ical}`)).text();
    expect(ics).toContain(`SUMMARY:${TITLE}`);
    expect(ics).toContain('DESCRIPTION:Musique\\, jeux et goûter \\; ouvert à tous.');
    await checkBothWidths(page, 'agenda (portal, filtered)');

    // Another neighbourhood: the event is not there.
    await page.getByLabel('Quartier', { exact: true }).selectOption('secteurs-demo:SD2');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByTestId('agenda-empty').waitFor();

    // Printed: the events, without navigation or filters.
    await page.goto('/agenda?zones=secteurs-demo:SD1');
    await page.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('form', { name: 'Filtrer les événements' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 3, name: TITLE }).isVisible()).toBe(true);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });

    // The personal agenda, kept in this browser.
    const phone = await freshPage(PHONE);
    await phone.goto('/agenda/mon-agenda');
    await phone.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
    await phone.getByLabel('Secteur de démonstration 1 (nord-ouest)').check();
    await phone.getByRole('button', { name: 'Afficher mon agenda' }).click();
    await phone.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    await checkBothWidths(phone, 'my agenda (phone)', PHONE);
    await phone.goto('/agenda/mon-agenda');
    await phone.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    expect(pageErrors.flat()).toEqual([]);
  });
});
