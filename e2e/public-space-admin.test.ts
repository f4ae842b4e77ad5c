import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * Public space's back-office screens in a real browser, against the real server seeded with the
 * demo reports: the configuration (a team, a category with a question and a response template,
 * an Open311 key issued then revoked, a sensitive-place layer and the address list imported), the
 * triage list's saved views, merging a duplicate and blacking out part of a photo from the report
 * page; then the residents' map (heatmap, period) and the public dashboard with its tables and
 * open-data links. Every screen is checked with axe at desktop width and at 390 px.
 */
describe('public space back-office, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  /** An open demo report of a category without required questions: new reports are filed beside it. */
  let anchor: { lng: number; lat: number; categoryCode: string };

  /** A real PMTiles archive (one raster tile), served by Beffroi once the basemap setting says so (last test). */
  const tilesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-e2e-tiles-'));
  const tilesFile = path.join(tilesDir, 'basemap.pmtiles');

  beforeAll(async () => {
    fs.writeFileSync(tilesFile, await rasterPmtiles());
    server = await startServer({ env: { BEFFROI_MAP_TILES: tilesFile } });
    browser = await launchBrowser();
    admin = (await freshPage(DESKTOP)).page;
    await admin.goto('/admin/connexion');
    await admin.getByLabel('Adresse électronique').fill(server.adminEmail);
    await admin.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();

    const categories = (await (await fetch(`${server.url}/api/public-space/categories`)).json()) as {
      items: { code: string; selectable: boolean; photoRequired: boolean; attributes: { required: boolean }[] }[];
    };
    const simple = new Set(categories.items.filter((c) => c.selectable && !c.attributes.some((a) => a.required)).map((c) => c.code));
    const map = (await (await fetch(`${server.url}/api/public-space/map?zoom=18&state=open`)).json()) as { items: { id: string | null; lng: number; lat: number; categoryCode: string | null }[] };
    const found = map.items.find((i) => i.id && i.categoryCode && simple.has(i.categoryCode));
    expect(found, 'an open demo report of a simple category').toBeTruthy();
    anchor = { lng: found!.lng, lat: found!.lat, categoryCode: found!.categoryCode! };
  }, 180_000);

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    fs.rmSync(tilesDir, { recursive: true, force: true });
    for (const errors of pageErrors) expect(errors, 'page errors or CSP violations').toEqual([]);
  });

  async function freshPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return { context, page: await context.newPage() };
  }

  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

  it('configures a team and a category with a question and a response template', async () => {
    const page = admin;
    await page.getByRole('navigation', { name: 'Navigation de l’espace agents' }).getByRole('link', { name: 'Configuration de l’espace public' }).click();
    await page.getByRole('heading', { level: 1, name: 'Catégories de signalement' }).waitFor();
    await page.getByTestId('categories-table').waitFor();
    await checkBothWidths(page, 'categories');

    // A team first: the category routes its reports to it.
    await page.getByRole('navigation', { name: 'Configuration de l’espace public' }).getByRole('link', { name: 'Services et équipes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services, équipes et prestataires' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill('voirie-e2e');
    await page.getByLabel('Nom', { exact: true }).fill('Voirie e2e');
    await page.getByLabel('Nature').selectOption('team');
    await page.getByLabel('Adresse électronique (facultatif)').fill('voirie@example.org');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await status(page, '« Voirie e2e » ajouté.');
    await page.getByTestId('teams-table').getByRole('rowheader', { name: /Voirie e2e/ }).waitFor();
    await checkBothWidths(page, 'teams');

    await page.getByRole('navigation', { name: 'Configuration de l’espace public' }).getByRole('link', { name: 'Catégories' }).click();
    await page.getByRole('link', { name: 'Nouvelle catégorie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle catégorie' }).waitFor();
    await page.getByLabel('Code du service').fill('e2e-potelet');
    await page.getByLabel('Rubrique parente').selectOption({ index: 1 });
    await page.getByLabel('Nom en français').fill('Potelet arraché');
    await page.getByLabel('Nom en anglais (facultatif)').fill('Bollard pulled out');
    await page.getByLabel('Mots-clés').fill('potelet, borne, bite');
    await page.getByLabel('Affectation automatique').selectOption({ label: 'Voirie e2e (équipe)' });
    await page.getByLabel('Priorité par défaut').selectOption('high');
    await page.getByLabel('Photo obligatoire').check();

    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const q1 = page.getByRole('group', { name: 'Question 1' });
    await q1.getByLabel('Code de la question').fill('nombre');
    await q1.getByLabel('Question posée').fill('Combien de potelets ?');
    await q1.getByLabel('Type de réponse').selectOption('number');
    await q1.getByLabel('Réponse obligatoire').check();
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const q2 = page.getByRole('group', { name: 'Question 2' });
    await q2.getByLabel('Code de la question').fill('danger');
    await q2.getByLabel('Question posée').fill('Reste-t-il un danger ?');
    await q2.getByLabel('Type de réponse').selectOption('singlevaluelist');
    await q2.getByLabel('Choix proposés').fill('oui = Oui, une tige dépasse\nnon = Non');
    // Reordered with the keyboard: the second question goes first.
    await page.getByRole('button', { name: 'Monter la question 2' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('group', { name: 'Question 1' }).getByLabel('Code de la question').inputValue()).toBe('danger');

    await page.getByRole('button', { name: 'Ajouter un modèle de réponse' }).click();
    const tpl = page.getByRole('group', { name: 'Modèle 1' });
    await tpl.getByLabel('Identifiant du modèle').fill('repose');
    await tpl.getByLabel('Titre (vu des agents)').fill('Repose programmée');
    await tpl.getByLabel('Proposé pour le statut').selectOption('scheduled');
    await tpl.getByLabel('Message public').fill('Le potelet sera reposé sous quinze jours.');
    await checkBothWidths(page, 'new category, filled in');
    await page.getByRole('button', { name: 'Créer la catégorie' }).click();

    await page.getByRole('heading', { level: 1, name: 'Catégorie : Potelet arraché' }).waitFor();
    await status(page, 'Catégorie « Potelet arraché » créée.');
    await checkBothWidths(page, 'category');

    const saved = (await (await fetch(`${server.url}/api/public-space/categories`)).json()) as {
      items: { code: string; photoRequired: boolean; keywords: string[]; attributes: { code: string; datatype: string; required: boolean; values: { key: string; name: string }[] }[] }[];
    };
    const category = saved.items.find((c) => c.code === 'e2e-potelet');
    expect(category).toMatchObject({ photoRequired: true, keywords: ['potelet', 'borne', 'bite'] });
    expect(category!.attributes.map((a) => [a.code, a.datatype, a.required])).toEqual([
      ['danger', 'singlevaluelist', false],
      ['nombre', 'number', true],
    ]);
    expect(category!.attributes[0]!.values).toEqual([
      { key: 'oui', name: 'Oui, une tige dépasse' },
      { key: 'non', name: 'Non' },
    ]);

    // Changed afterwards: no longer requires a photo.
    await page.getByLabel('Photo obligatoire').uncheck();
    await page.getByRole('button', { name: 'Enregistrer la catégorie' }).click();
    await status(page, 'Catégorie « Potelet arraché » enregistrée.');
    const after = (await (await fetch(`${server.url}/api/public-space/categories`)).json()) as { items: { code: string; photoRequired: boolean }[] };
    expect(after.items.find((c) => c.code === 'e2e-potelet')?.photoRequired).toBe(false);
  }, 300_000);

  it('issues an Open311 key, which works, then revokes it, which stops it', async () => {
    const page = admin;
    await page.getByRole('navigation', { name: 'Configuration de l’espace public' }).getByRole('link', { name: 'Clés Open311' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clés de l’API Open311' }).waitFor();
    await page.getByLabel('Nom de la clé').fill('Application e2e');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    const key = (await page.getByTestId('new-key-value').textContent()) ?? '';
    expect(key).toMatch(/^o311_/);
    await page.getByTestId('api-keys-table').getByRole('rowheader', { name: 'Application e2e' }).waitFor();
    await checkBothWidths(page, 'Open311 keys, new key shown');

    const post = async () => {
      const body = new URLSearchParams({ api_key: key, service_code: 'no-such-service', lat: String(anchor.lat), long: String(anchor.lng) });
      return (await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status;
    };
    // The key is accepted (the unknown service code is what fails)…
    expect(await post()).toBe(400);

    await page.getByRole('button', { name: 'Révoquer la clé Application e2e' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Révoquer cette clé ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Révoquer' }).click();
    await status(page, 'Clé « Application e2e » révoquée');
    await page.getByTestId('api-keys-table').getByText(/^Révoquée le/).waitFor();
    expect(await page.getByTestId('new-key').count()).toBe(0);
    // …and refused once revoked.
    expect(await post()).toBe(403);
    await checkBothWidths(page, 'Open311 keys, revoked');
  }, 300_000);

  it('imports a sensitive-place layer and the address list, and deletes the layer', async () => {
    const page = admin;
    await page.getByRole('navigation', { name: 'Configuration de l’espace public' }).getByRole('link', { name: 'Lieux sensibles et adresses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lieux sensibles et adresses' }).waitFor();
    await checkBothWidths(page, 'places and addresses');

    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { nom: 'École e2e' }, geometry: { type: 'Point', coordinates: [anchor.lng + 0.0002, anchor.lat] } },
        { type: 'Feature', properties: { nom: 'Sans géométrie' }, geometry: null },
      ],
    });
    await page.getByLabel('Fichier GeoJSON').setInputFiles({ name: 'ecoles.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(geojson) });
    await page.getByLabel('Code de la couche').fill('ecoles-e2e');
    await page.getByLabel('Nom de la couche').fill('Écoles e2e');
    await page.getByLabel('Nature des lieux').fill('école');
    await page.getByLabel('Rayon d’influence (m)').fill('150');
    await page.getByLabel('Poids (points de priorité)').fill('25');
    await page.getByLabel('Propriété du nom (facultatif)').fill('nom');
    await page.getByRole('button', { name: 'Importer la couche' }).click();
    await status(page, 'Couche « Écoles e2e » importée : 1 lieu.');
    await page.getByTestId('import-problems').getByText(/^Objet 2 ignoré/).waitFor();
    await page.getByTestId('layers-table').getByRole('rowheader', { name: /Écoles e2e/ }).waitFor();
    await checkBothWidths(page, 'places, layer imported');

    const csv = `id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n94080_e2e_adm_00003;;3;;Allée de l’Essai Admin;94300;94080;Vincennes;${anchor.lng.toFixed(6)};${(anchor.lat + 0.0001).toFixed(6)}\n`;
    await page.getByLabel('Fichier CSV des adresses').setInputFiles({ name: 'adresses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importer les adresses' }).click();
    await status(page, '1 adresse importée (0 ignorées).');
    const hits = (await (await fetch(`${server.url}/api/public-space/addresses?q=${encodeURIComponent('essai admin')}`)).json()) as { items: { label: string }[] };
    expect(hits.items.map((h) => h.label)).toContain('3 Allée de l’Essai Admin, 94300 Vincennes');

    await page.getByRole('button', { name: 'Supprimer la couche Écoles e2e' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Supprimer cette couche ?' });
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await status(page, 'Couche « Écoles e2e » supprimée.');
    await expect.poll(() => page.getByTestId('layers-table').getByRole('rowheader', { name: /Écoles e2e/ }).count()).toBe(0);
  }, 300_000);

  it('imports reports from a DansMaRue CSV, the row outside the commune skipped and listed', async () => {
    const page = admin;
    const before = ((await (await fetch(`${server.url}/api/public-space/dashboard?from=2024-03-01&to=2024-03-31`)).json()) as { totals: { reports: number } }).totals.reports;
    await page.getByRole('navigation', { name: 'Configuration de l’espace public' }).getByRole('link', { name: 'Import de signalements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer des signalements' }).waitFor();
    const point = (lng: number, lat: number) => `"{'lon': ${lng}, 'lat': ${lat}}"`;
    const csv = [
      'numero,type,soustype,adresse,datedecl,intervenant,geo_point_2d',
      `E2E-1,Propreté,Soustype inconnu,1 rue de l’Essai,2024-03-12,,${point(anchor.lng, anchor.lat)}`,
      `E2E-2,Propreté,Soustype inconnu,Ailleurs,2024-03-13,,${point(2.0, 45.0)}`,
    ].join('\n');
    await page.getByLabel('Fichier CSV DansMaRue').setInputFiles({ name: 'dansmarue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Statut des signalements importés').selectOption('archived');
    await page.getByRole('button', { name: 'Importer les signalements' }).click();
    await status(page, '1 signalement importé (1 ignorés).');
    expect(await page.getByTestId('import-problems').textContent()).toContain('Ligne 3');
    await checkBothWidths(page, 'report import');
    const after = ((await (await fetch(`${server.url}/api/public-space/dashboard?from=2024-03-01&to=2024-03-31`)).json()) as { totals: { reports: number } }).totals.reports;
    expect(after).toBe(before + 1);
  }, 300_000);

  it('saves a view of the triage list, applies it again and deletes it', async () => {
    const page = admin;
    await page.goto('/admin/signalements');
    await page.getByRole('heading', { level: 1, name: 'Signalements à traiter' }).waitFor();
    await page.getByTestId('triage-table').waitFor();
    await page.getByLabel('Priorité', { exact: true }).selectOption('normal');
    await page.getByLabel('Ordre', { exact: true }).selectOption('oldest');
    await page.getByLabel('Nom de la nouvelle vue').fill('Normales, les plus anciennes');
    await page.getByLabel('Partager avec les collègues').check();
    await page.getByRole('button', { name: 'Enregistrer les filtres actuels' }).click();
    await status(page, 'Vue « Normales, les plus anciennes » enregistrée.');
    await checkBothWidths(page, 'triage list with saved views');

    // A new visit starts from the default filters; the view brings them back.
    await page.reload();
    await page.getByTestId('triage-table').waitFor();
    expect(await page.getByLabel('Priorité', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Vue', { exact: true }).selectOption({ label: 'Normales, les plus anciennes (partagée)' });
    await expect.poll(() => page.getByLabel('Priorité', { exact: true }).inputValue()).toBe('normal');
    expect(await page.getByLabel('Ordre', { exact: true }).inputValue()).toBe('oldest');

    await page.getByRole('button', { name: 'Supprimer la vue « Normales, les plus anciennes »' }).click();
    await status(page, 'Vue « Normales, les plus anciennes » supprimée.');
    await expect.poll(() => page.getByLabel('Vue', { exact: true }).locator('option').count()).toBe(1);
  }, 300_000);

  it('merges a duplicate into the report kept, then blacks out part of a photo, by the fields and by drawing', async () => {
    const page = admin;
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 230, g: 230, b: 230 } } })
      .jpeg({ quality: 85 })
      .toBuffer();
    /** A resident's report with a photo, a few metres from the demo report. */
    const report = async (north: number, text: string, email: string | null = null) => {
      const form = new FormData();
      form.append('photo', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
      const photo = (await (await fetch(`${server.url}/api/public-space/photos`, { method: 'POST', body: form })).json()) as { id: string; token: string };
      const res = await fetch(`${server.url}/api/public-space/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          categoryCode: anchor.categoryCode,
          description: text,
          position: { lng: anchor.lng, lat: anchor.lat + north },
          positionSource: 'map',
          photos: [{ id: photo.id, token: photo.token }],
          contact: email ? { name: null, email, phone: null } : null,
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { report: { id: string } }).report.id;
    };
    const kept = await report(0.0003, 'Le premier signalement, à garder.', 'temoin@example.org');
    const duplicate = await report(0.00031, 'Le même problème, signalé deux fois.');

    const followers = async (n: string) => ((await (await fetch(`${server.url}/api/public-space/reports/${n}`)).json()) as { followers: number }).followers;
    const expectedFollowers = (await followers(kept)) + (await followers(duplicate));
    await page.goto('/admin/signalements');
    await page.getByLabel('Numéro', { exact: true }).fill(duplicate);
    await expect.poll(() => page.getByTestId('triage-table').getByRole('row').count()).toBe(2);
    await page.getByTestId('triage-table').getByRole('link', { name: `N° ${duplicate}` }).click();
    await page.getByRole('heading', { level: 1, name: `Signalement n° ${duplicate}` }).waitFor();

    const merge = page.getByTestId('merge');
    await merge.getByLabel(new RegExp(`^N° ${kept},`)).check();
    await merge.getByLabel('L’autre signalement (celui-ci est le doublon)').check();
    await checkBothWidths(page, 'report (back-office), merge');
    await merge.getByRole('button', { name: 'Regrouper…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Regrouper ces signalements ?' });
    await dialog.getByRole('button', { name: `Conserver le n° ${kept}, regrouper le n° ${duplicate}` }).click();
    await status(page, `Ce signalement est regroupé avec le n° ${kept}`);
    await page.getByText(`Ce signalement a été regroupé avec le n° ${kept}.`).waitFor();
    expect(await page.getByTestId('merge').count()).toBe(0);

    const keptPublic = (await (await fetch(`${server.url}/api/public-space/reports/${kept}`)).json()) as { followers: number; photos: { id: string }[] };
    expect(keptPublic.photos).toHaveLength(2);
    expect(keptPublic.followers).toBe(expectedFollowers);
    const dupPublic = (await (await fetch(`${server.url}/api/public-space/reports/${duplicate}`)).json()) as { status: string; mergedInto: string | null };
    expect(dupPublic).toMatchObject({ status: 'rejected', mergedInto: kept });

    // The kept report, its two photos; the first blacked out by typing the rectangle.
    await page.getByRole('link', { name: `Ouvrir le n° ${kept}` }).click();
    await page.getByRole('heading', { level: 1, name: `Signalement n° ${kept}` }).waitFor();
    await page.getByRole('button', { name: 'Masquer une partie de la photo 1' }).click();
    const tool = page.getByTestId('blackout');
    await tool.getByLabel('Depuis la gauche').fill('0');
    await tool.getByLabel('Depuis le haut').fill('0');
    await tool.getByLabel('Largeur').fill('100');
    await tool.getByLabel('Hauteur').fill('80');
    await checkBothWidths(page, 'report (back-office), blackout tool');
    await tool.getByRole('button', { name: 'Noircir cette zone' }).click();
    await status(page, 'Zone noircie sur la photo 1.');
    await page.getByText('1 zone masquée').waitFor();

    const photoIds = keptPublic.photos.map((p) => p.id);
    const pixel = async (photoId: string, x: number, y: number) => {
      const bytes = Buffer.from(await (await fetch(`${server.url}/api/public-space/photos/${photoId}`)).arrayBuffer());
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      return data[(y * info.width + x) * info.channels]!;
    };
    const blackened = (await Promise.all(photoIds.map((id) => pixel(id, 20, 20)))).filter((v) => v < 30).length;
    expect(blackened).toBe(1);

    // The second drawn with the pointer: the fields follow the rectangle drawn.
    await page.getByRole('button', { name: 'Masquer une partie de la photo 2' }).click();
    const surface = page.getByTestId('blackout').locator('.ps-blackout-surface');
    const box = (await surface.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.75, { steps: 5 });
    await page.mouse.up();
    const drawnX = Number(await page.getByTestId('blackout').getByLabel('Depuis la gauche').inputValue());
    const drawnW = Number(await page.getByTestId('blackout').getByLabel('Largeur').inputValue());
    expect(Math.abs(drawnX - 200)).toBeLessThanOrEqual(4);
    expect(Math.abs(drawnW - 100)).toBeLessThanOrEqual(4);
    await page.getByTestId('blackout').getByRole('button', { name: 'Noircir cette zone' }).click();
    await status(page, 'Zone noircie sur la photo 2.');
    const centres = await Promise.all(photoIds.map((id) => pixel(id, 250, 190)));
    expect(centres.filter((v) => v < 30)).toHaveLength(1);

    // Corrected: a forced priority and the place moved about 11 m north, typed (no map needed).
    const edit = page.getByTestId('edit-report');
    await edit.getByLabel('Priorité imposée').selectOption('urgent');
    const lat = Number(await edit.getByLabel('Latitude').inputValue());
    await edit.getByLabel('Latitude').fill((lat + 0.0001).toFixed(6));
    await checkBothWidths(page, 'report (back-office), corrections');
    await edit.getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await status(page, 'Signalement corrigé ; la priorité est recalculée.');
    await expect.poll(() => page.getByTestId('staff-facts').textContent()).toContain('Urgente');
    const movedTo = ((await (await fetch(`${server.url}/api/public-space/reports/${kept}`)).json()) as { position: { lat: number } }).position.lat;
    expect(movedTo).toBeCloseTo(lat + 0.0001, 6);

    // The resident's e-mail address only behind a click (audited), never on the public page.
    await page.getByRole('button', { name: 'Voir les coordonnées' }).click();
    await page.getByTestId('contacts').getByText(/temoin@example\.org/).waitFor();
  }, 300_000);

  it('shows the reports as a heatmap over a period, and the public dashboard with its tables and open data', async () => {
    const { page } = await freshPage(PHONE);
    await page.goto('/signalements');
    await page.getByRole('heading', { level: 1, name: 'Signalements' }).waitFor();
    await page.locator('.map-canvas[data-ready="true"], .map-unavailable').first().waitFor({ timeout: 60_000 });
    await page.getByLabel('Carte de chaleur').check();
    await page.getByLabel('État', { exact: true }).selectOption('all');
    const year = new Date().getFullYear();
    await page.getByLabel('Signalés depuis le').fill(`${year - 5}-01-01`);
    await expect.poll(() => page.getByTestId('report-list').getByRole('listitem').count()).toBeGreaterThan(0);
    await checkBothWidths(page, 'reports map, heatmap');

    await page.getByRole('link', { name: 'Tableau de bord et données ouvertes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord des signalements' }).waitFor();
    for (const id of ['by-month', 'by-status', 'by-category']) {
      await expect.poll(() => page.getByTestId(`${id}-table`).locator('tbody tr').count(), { message: id }).toBeGreaterThan(0);
      expect(await page.getByTestId(`${id}-chart`).getAttribute('aria-hidden')).toBe('true');
    }
    const totals = await page.getByTestId('dashboard-totals').textContent();
    expect(totals).toContain('Signalements');
    await checkBothWidths(page, 'dashboard');

    await page.getByTestId('exports').getByLabel('État', { exact: true }).selectOption('open');
    const csvHref = (await page.getByRole('link', { name: 'Télécharger les signalements (CSV)' }).getAttribute('href')) ?? '';
    expect(csvHref).toBe('/api/public-space/open-data/reports.csv?state=open');
    const csv = await fetch(`${server.url}${csvHref}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const geojsonHref = (await page.getByRole('link', { name: 'Télécharger les signalements (GeoJSON)' }).getAttribute('href')) ?? '';
    const geojson = (await (await fetch(`${server.url}${geojsonHref}`)).json()) as { type: string; features: unknown[] };
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features.length).toBeGreaterThan(0);
  }, 300_000);
  it('draws the reports map over the PMTiles basemap Beffroi serves', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const put = await fetch(`${server.url}/api/admin/settings/platform.map`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ value: { basemap: 'pmtiles', attribution: '© Tuiles de test' } }),
    });
    expect(put.status, await put.clone().text()).toBe(200);

    const { page } = await freshPage(DESKTOP);
    const ranges: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/public/map/tiles.pmtiles')) ranges.push(r.status());
    });
    await page.goto('/signalements');
    await page.locator('.map-canvas[data-ready="true"], .map-unavailable').first().waitFor({ timeout: 60_000 });
    const drawn = (await page.locator('.map-unavailable').count()) === 0;
    console.log(`map over PMTiles: ${drawn ? 'drawn' : 'unavailable'}`);
    if (!drawn) return; // no WebGL here: the list is the map's alternative
    await expect.poll(() => ranges.length).toBeGreaterThan(0);
    console.log(`PMTiles responses: ${ranges.join(', ')}`);
    expect(ranges.every((s) => s === 206 || s === 200)).toBe(true);
    await checkBothWidths(page, 'reports map over PMTiles');
  }, 300_000);
});

/** A PMTiles v3 archive with one 256 px PNG tile at zoom 0 (header, root directory, metadata, tile; nothing compressed). */
async function rasterPmtiles(): Promise<Buffer> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 220, b: 235 } } })
    .png()
    .toBuffer();
  const varint = (n: number) => {
    const out: number[] = [];
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  // One entry: tile id 0, run length 1, its length, offset 0 (stored as offset + 1).
  const directory = Buffer.from([...varint(1), ...varint(0), ...varint(1), ...varint(tile.length), ...varint(1)]);
  const metadata = Buffer.from('{}');
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  const rootAt = 127;
  const metaAt = rootAt + directory.length;
  const dataAt = metaAt + metadata.length;
  u64(8, rootAt);
  u64(16, directory.length);
  u64(24, metaAt);
  u64(32, metadata.length);
  u64(40, dataAt);
  u64(48, 0);
  u64(56, dataAt);
  u64(64, tile.length);
  u64(72, 1);
  u64(80, 1);
  u64(88, 1);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(2, 99); // tile type: PNG
  header.writeUInt8(0, 100);
  header.writeUInt8(0, 101);
  header.writeInt32LE(-1_800_000_000, 102);
  header.writeInt32LE(-850_000_000, 106);
  header.writeInt32LE(1_800_000_000, 110);
  header.writeInt32LE(850_000_000, 114);
  header.writeUInt8(0, 118);
  header.writeInt32LE(0, 119);
  header.writeInt32LE(0, 123);
  return Buffer.concat([header, directory, metadata, tile]);
}
