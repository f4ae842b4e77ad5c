import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * Public space's acceptance path in a real browser, against the real server seeded with the demo
 * reports: a resident on a phone finds the place by an address (without the map), is shown an open
 * report of the same category nearby, reports a new problem anyway with a photo and gets a private
 * tracking link; the administrator triages it with the keyboard, assigns a team, adds a note and
 * closes it as fixed; the resident opens the tracking link, sees it fixed and says "not fixed": it
 * reopens. Another resident follows the open report nearby instead of filing a duplicate. Every
 * page is checked with axe at desktop width and at 390 px, without horizontal scrolling.
 */
describe('public space, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  const ADDRESS = '12 Rue de l’Essai Beffroi, 94300 Vincennes';

  /** The demo report the resident will find nearby, and its category. */
  let duplicate: { id: string; lng: number; lat: number; categoryCode: string; categoryName: string };
  let resident: { context: BrowserContext; page: Page };
  let reportNumber = '';
  let trackingPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    for (const errors of pageErrors) expect(errors, 'page errors or CSP violations').toEqual([]);
  });

  async function freshPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return { context, page: await context.newPage() };
  }



  /** The map drawn with software WebGL, or replaced by a note; the list or the other ways remain either way. */
  async function mapState(page: Page): Promise<'drawn' | 'unavailable'> {
    await page.locator('.map-canvas[data-ready="true"], .map-unavailable').first().waitFor({ timeout: 60_000 });
    return (await page.locator('.map-unavailable').count()) > 0 ? 'unavailable' : 'drawn';
  }

  async function adminSession(): Promise<{ cookie: string; csrf: string }> {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
  }

  it('finds an open demo report and imports an address a few metres from it', async () => {
    const categories = (await (await fetch(`${server.url}/api/public-space/categories`)).json()) as {
      items: { code: string; name: string; selectable: boolean; attributes: { required: boolean }[] }[];
    };
    const simple = new Map(categories.items.filter((c) => c.selectable && !c.attributes.some((a) => a.required)).map((c) => [c.code, c.name]));
    const map = (await (await fetch(`${server.url}/api/public-space/map?zoom=18&state=open`)).json()) as {
      items: { id: string | null; lng: number; lat: number; categoryCode: string | null; status: string | null }[];
    };
    const candidate = map.items.find((i) => i.id && i.categoryCode && simple.has(i.categoryCode) && i.status === 'new');
    expect(candidate, 'an open demo report of a category without required questions').toBeTruthy();
    duplicate = { id: candidate!.id!, lng: candidate!.lng, lat: candidate!.lat, categoryCode: candidate!.categoryCode!, categoryName: simple.get(candidate!.categoryCode!)! };

    // The commune's address list (the Base Adresse Nationale's CSV), one address 11 m north of the demo report.
    const { cookie, csrf } = await adminSession();
    const form = new FormData();
    const csv = `id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n94080_e2e_00012;;12;;Rue de l’Essai Beffroi;94300;94080;Vincennes;${duplicate.lng.toFixed(6)};${(duplicate.lat + 0.0001).toFixed(6)}\n`;
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'adresses.csv');
    const imported = await fetch(`${server.url}/api/admin/public-space/addresses/import`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: form });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(((await imported.json()) as { imported: number }).imported).toBe(1);
  }, 60_000);

  it('a resident on a phone reports a problem by its address, with a photo, after seeing the open report nearby', async () => {
    resident = await freshPage(PHONE);
    const { page } = resident;
    await page.goto('/');
    await page.getByRole('main').getByRole('link', { name: /^Signaler un problème/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Signaler un problème' }).waitFor();

    // The public list first: map (or its note) and the list beside it.
    await page.goto('/signalements');
    await page.getByRole('heading', { level: 1, name: 'Signalements' }).waitFor();
    await expect.poll(() => page.getByTestId('report-list').getByRole('listitem').count()).toBeGreaterThan(0);
    console.log(`map: ${await mapState(page)}`);
    await page.getByLabel('Catégorie', { exact: true }).selectOption(duplicate.categoryCode);
    await page.getByTestId('report-list').getByRole('link', { name: new RegExp(`^N° ${duplicate.id} :`) }).waitFor();
    await checkBothWidths(page, 'reports list');

    await page.getByRole('link', { name: 'Signaler un problème' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Signaler un problème' }).waitFor();
    await page.getByLabel('Catégorie', { exact: true }).selectOption(duplicate.categoryCode);

    // A tap on the map sets the place (when the map can be drawn)…
    if ((await mapState(page)) === 'drawn') {
      await page.locator('.ps-pick-map canvas').click({ position: { x: 120, y: 120 } });
      await expect.poll(() => page.getByTestId('place-status').textContent()).toContain('Lieu choisi sur la carte.');
    }
    // …and so does an address, with the keyboard only: no map needed.
    const address = page.getByLabel('Adresse', { exact: true });
    await address.fill('12 essai beffroi');
    await address.press('Enter');
    await page.getByRole('button', { name: ADDRESS }).click();
    await expect.poll(() => page.getByTestId('place-status').textContent()).toContain(`Lieu choisi : ${ADDRESS}`);

    // The open report of the same category, about 11 m away, with "follow this one".
    const nearby = page.getByTestId('nearby');
    await nearby.getByRole('button', { name: `Suivre le n° ${duplicate.id}` }).waitFor();
    expect(await nearby.textContent()).toMatch(/1 signalement en cours de cette catégorie à moins de 50\sm\./);
    await mapState(page);
    await checkBothWidths(page, 'report form, duplicate shown');

    // A new report anyway, with a photo (a real JPEG) and an e-mail address.
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 110, b: 90 } } })
      .jpeg({ quality: 80 })
      .toBuffer();
    await page.getByLabel(/^Ajouter une photo/).setInputFiles({ name: 'depot.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByText('depot.jpg : prête').waitFor();
    await page.getByLabel('Description (facultatif)').fill('Des sacs et un matelas déposés contre le mur, côté rue.');
    await page.getByLabel('Adresse électronique').fill('habitant@example.org');
    await page.getByLabel('Me prévenir par courriel quand le signalement avance').check();
    await checkBothWidths(page, 'report form, filled in');
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();

    await page.getByRole('heading', { level: 1, name: 'Signalement envoyé' }).waitFor();
    const done = page.getByTestId('report-done');
    const heading = (await done.getByRole('heading', { level: 2 }).textContent()) ?? '';
    reportNumber = /n° (\d+)/.exec(heading)?.[1] ?? '';
    expect(reportNumber).toMatch(/^\d+$/);
    expect(reportNumber).not.toBe(duplicate.id);
    trackingPath = (await done.getByTestId('tracking-link').getAttribute('href')) ?? '';
    expect(trackingPath).toMatch(/^\/signalements\/suivi\/[A-Za-z0-9_.-]{20,}$/);
    expect(await done.getByTestId('tracking-link').textContent()).toBe(`${server.url}${trackingPath}`);
    await checkBothWidths(page, 'report sent');

    // The public page: the photo, no e-mail address.
    await done.getByRole('link', { name: `Page publique du signalement n° ${reportNumber}` }).click();
    await page.getByRole('heading', { level: 1, name: `Signalement n° ${reportNumber} : ${duplicate.categoryName}` }).waitFor();
    await page.getByRole('img', { name: /^Photo 1 du signalement/ }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('habitant@example.org');
    await checkBothWidths(page, 'public report page');
  }, 300_000);

  it('the administrator triages the report with the keyboard, assigns a team, adds a note and closes it', async () => {
    const { page } = await freshPage(DESKTOP);
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Signalements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signalements à traiter' }).waitFor();
    await page.getByTestId('triage-table').waitFor();
    await checkBothWidths(page, 'triage list');

    await page.getByLabel('Statut', { exact: true }).selectOption('new');
    await page.getByLabel('Catégorie', { exact: true }).selectOption(duplicate.categoryCode);
    const link = page.getByTestId('triage-table').getByRole('link', { name: `N° ${reportNumber}` });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Signalement n° ${reportNumber}` }).waitFor();
    await checkBothWidths(page, 'report (back-office)');

    await page.getByLabel('Nouveau statut').selectOption('to_process');
    await page.getByLabel('Message public (facultatif)').fill('Votre signalement est pris en compte.');
    await page.getByRole('button', { name: 'Changer le statut' }).click();
    await page.getByRole('status').filter({ hasText: 'Statut changé : À traiter.' }).waitFor();

    const team = page.getByLabel('Service, équipe ou prestataire');
    const teamOption = await team.locator('option').nth(1).textContent();
    const teamName = (teamOption ?? '').replace(/ \([^)]*\)$/, '');
    await team.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Affecter' }).click();
    await page.getByRole('status').filter({ hasText: `Affecté à : ${teamName}.` }).waitFor();
    expect(await page.getByTestId('staff-team').textContent()).toBe(teamName);

    await page.getByLabel('Note interne (jamais publiée)').fill('Benne à prévoir : matelas.');
    await page.getByRole('button', { name: 'Ajouter la note interne' }).click();
    await page.getByRole('status').filter({ hasText: 'Note interne ajoutée.' }).waitFor();

    await page.getByLabel('Nouveau statut').selectOption('done');
    await page.getByLabel('Message public (facultatif)').fill('Dépôt enlevé ce matin.');
    await page.getByRole('button', { name: 'Changer le statut' }).click();
    await page.getByRole('status').filter({ hasText: 'Statut changé : Résolu.' }).waitFor();
    const events = page.getByTestId('staff-events');
    expect(await events.textContent()).toContain('Benne à prévoir : matelas.');
    expect(await page.getByTestId('staff-facts').getByTestId('status-tag').textContent()).toBe('Résolu');
    await checkBothWidths(page, 'report (back-office), closed');
  }, 300_000);

  it('the resident opens the tracking link, sees it fixed, says "not fixed", and it reopens', async () => {
    const { page } = resident;
    await page.goto(trackingPath);
    await page.getByRole('heading', { level: 1, name: `Suivi du signalement n° ${reportNumber}` }).waitFor();
    expect(await page.getByTestId('status-tag').first().textContent()).toBe('Résolu');
    const history = page.getByTestId('history');
    expect(await history.textContent()).toContain('Dépôt enlevé ce matin.');
    expect(await history.textContent()).not.toContain('Benne à prévoir');
    await checkBothWidths(page, 'tracking page');

    const reopen = page.getByTestId('reopen');
    await reopen.getByLabel('Ce que vous constatez (facultatif)').fill('Le matelas est toujours là.');
    await reopen.getByRole('button', { name: 'Pas réglé : rouvrir le signalement' }).click();
    await page.getByRole('status').filter({ hasText: 'Merci : le signalement est rouvert' }).waitFor();
    await expect.poll(() => page.getByTestId('status-tag').first().textContent()).toBe('À traiter');
    expect(await history.textContent()).toContain('Rouvert : « pas réglé »');
    expect(await page.getByTestId('reopen').count()).toBe(0);
    await checkBothWidths(page, 'tracking page, reopened');

    const report = (await (await fetch(`${server.url}/api/public-space/reports/${reportNumber}`)).json()) as { status: string; open: boolean };
    expect(report).toMatchObject({ status: 'to_process', open: true });
  }, 300_000);

  it('another resident follows the open report nearby instead of filing a duplicate', async () => {
    const { page } = await freshPage(DESKTOP);
    const before = (await (await fetch(`${server.url}/api/public-space/reports/${duplicate.id}`)).json()) as { followers: number };
    await page.goto('/signalements/nouveau');
    await page.getByRole('heading', { level: 1, name: 'Signaler un problème' }).waitFor();
    await page.getByLabel('Catégorie', { exact: true }).selectOption(duplicate.categoryCode);
    const address = page.getByLabel('Adresse', { exact: true });
    await address.fill('essai beffroi');
    await page.getByRole('button', { name: 'Chercher l’adresse' }).click();
    await page.getByRole('button', { name: ADDRESS }).click();
    await page.getByTestId('nearby').getByRole('button', { name: `Suivre le n° ${duplicate.id}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Vous suivez ce signalement' }).waitFor();
    const link = page.getByTestId('tracking-link');
    const path = (await link.getAttribute('href')) ?? '';
    expect(path).toMatch(/^\/signalements\/suivi\/[A-Za-z0-9_.-]{20,}$/);
    expect(path).not.toBe(trackingPath);
    await link.click();
    await page.getByRole('heading', { level: 1, name: `Suivi du signalement n° ${duplicate.id}` }).waitFor();
    await page.getByText('Votre lien privé de suivi de ce signalement. Ne le partagez pas.').waitFor();
    await checkBothWidths(page, 'tracking page (follower)');
    const after = (await (await fetch(`${server.url}/api/public-space/reports/${duplicate.id}`)).json()) as { followers: number };
    expect(after.followers).toBe(before.followers + 1);
  }, 300_000);
});
