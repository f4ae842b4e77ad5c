import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE, checkBothWidths } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * Participation's acceptance path in a real browser, against the real server seeded with the demo
 * consultation: a resident votes on statements and submits a contribution (on a phone); a moderator
 * approves it; an administrator closes the consultation and runs the synthesis; the public pages
 * show the opinion groups and the themes, whose quotes open their contributions. Every page built
 * for this is checked with axe at desktop width and at 390 px, without horizontal scrolling.
 */
describe('participation, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  const DEMO_TITLE = 'Se déplacer dans la commune : vos avis';
  const CONTRIBUTION = 'Il faut plus de parkings à vélos sécurisés près de la gare et des écoles, mon vélo a été volé deux fois. Écrivez-moi : jean.dupont@example.org';
  const PROPOSED = 'Il faudrait un marché couvert le dimanche matin.';
  const moderator = { email: 'moderatrice@e2e.beffroi.test', name: 'Camille Moderatrice', password: 'temporaire-2024-moderation', own: 'mon-propre-mot-de-passe-2024' };

  let consultationPath = '';
  let contributionNumber = '';
  let resident: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function freshPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport });
    opened.push(context);
    pageErrors.push(errors);
    return { context, page: await context.newPage() };
  }



  async function signIn(page: Page, email: string, password: string) {
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  const staffNav = (page: Page) => page.getByRole('navigation', { name: 'Navigation de l’espace agents' });
  const consultationNav = (page: Page) => page.getByRole('navigation', { name: /^Pages de la consultation/ });

  /** A staff account made by the administrator through the API, with a temporary password. */
  async function createStaff(role: 'moderator', who: typeof moderator) {
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
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${server.url}/api/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ email: who.email, displayName: who.name, role, password: who.password }),
    });
    expect(created.status).toBe(201);
  }

  it('a resident on a phone finds the open consultation, joins, votes one statement at a time and writes a contribution', async () => {
    resident = await freshPage(PHONE);
    const { page } = resident;
    await page.goto('/');
    await page.getByRole('main').getByRole('link', { name: /^Donner mon avis/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Consultations' }).waitFor();
    const open = page.getByRole('region', { name: 'En cours' });
    await open.getByRole('link', { name: DEMO_TITLE }).waitFor();
    await checkBothWidths(page, 'consultations list');

    await open.getByRole('link', { name: DEMO_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: DEMO_TITLE }).waitFor();
    consultationPath = new URL(page.url()).pathname;
    // The Markdown description is rendered as text and emphasis, never as HTML.
    expect(await page.locator('.pa-markdown em').first().textContent()).toMatch(/^Consultation de démonstration/);
    const join = page.getByTestId('join-step');
    await join.getByText(/Votre quartier et votre tranche d’âge servent seulement/).waitFor();
    await checkBothWidths(page, 'consultation, before joining');

    await join.getByLabel('Votre tranche d’âge').selectOption('18-29');
    await join.getByRole('button', { name: 'Je participe' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Vous participez');

    // One statement at a time, the vote said back in a live region, focus on the next statement.
    const voting = page.getByTestId('voting');
    const status = page.getByTestId('vote-status');
    expect(await status.getAttribute('role')).toBe('status');
    await voting.getByTestId('statement-card').waitFor();
    expect(await voting.getByTestId('statement-text').textContent()).toBeTruthy();
    await expectNoAxeViolations(page, 'voting (390 px)');
    const agree = voting.getByRole('button', { name: 'D’accord', exact: true });
    const box = await agree.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThan(300);
    await agree.click();
    await status.filter({ hasText: 'Vote enregistré : « D’accord ».' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('statement-text');

    // The keyboard alone: from the statement, Tab reaches the buttons.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Pas d’accord');
    await page.keyboard.press('Enter');
    await status.filter({ hasText: 'Vote enregistré : « Pas d’accord ».' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('statement-text');

    const choices = ['D’accord', 'Pas d’accord', 'D’accord', 'Je ne sais pas', 'D’accord', 'Pas d’accord'];
    for (const choice of choices) {
      if (await voting.getByTestId('voting-done').count()) break;
      const before = await voting.getByTestId('statement-text').textContent();
      await voting.getByRole('button', { name: choice, exact: true }).click();
      await expect.poll(async () => (await voting.getByTestId('voting-done').count()) > 0 || (await voting.getByTestId('statement-text').textContent()) !== before).toBe(true);
    }
    await voting.getByTestId('voting-done').waitFor();
    expect(await voting.getByTestId('voting-done').textContent()).toMatch(/vous avez voté sur les 8 énoncés/i);

    // Propose a statement: moderated before publication.
    const propose = page.getByTestId('statement-form');
    await propose.getByLabel('Votre énoncé').fill(PROPOSED);
    await propose.getByRole('button', { name: 'Proposer cet énoncé' }).click();
    await propose.getByTestId('statement-result').waitFor();
    expect(await propose.getByTestId('statement-result').textContent()).toContain('après relecture par un modérateur');

    // The free contribution comes back as it will be published: the e-mail address masked.
    const write = page.getByTestId('contribution-form');
    await write.getByLabel('Votre contribution').fill(CONTRIBUTION);
    expect(await write.getByTestId('contribution-counter').textContent()).toMatch(/^Caractères : 1\d\d sur 2\s000\.$/);
    await write.getByRole('button', { name: 'Envoyer ma contribution' }).click();
    const result = write.getByTestId('contribution-result');
    await result.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('contribution-result');
    const published = (await result.getByTestId('contribution-published-text').textContent())!;
    expect(published).not.toContain('jean.dupont@example.org');
    expect(published).toContain('Il faut plus de parkings à vélos sécurisés');
    expect(await result.textContent()).toContain('Des données personnelles ont été masquées avant publication.');
    contributionNumber = /contribution n° (\d+)/.exec((await result.textContent())!)![1]!;
    await checkBothWidths(page, 'consultation, after voting and writing', PHONE);

    // Reporting a published contribution: a dialog, then thanks where the button was, with focus on it.
    const list = page.getByTestId('published-contributions');
    await list.getByRole('button', { name: 'Signaler : contribution n° 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signaler : contribution n° 1' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'report dialog (390 px)');
    await dialog.getByText('Publicité ou message répété').click();
    await dialog.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await page.getByTestId('flag-done').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('flag-done');
  });

  it('another resident can confirm no e-mail here (no mailer) and asks to be forgotten', async () => {
    const { page } = await freshPage(DESKTOP);
    await page.goto(consultationPath);
    await page.getByTestId('join-step').getByRole('button', { name: 'Je participe' }).click();
    await page.getByTestId('statement-card').waitFor();
    await page.getByText('Confirmer une adresse électronique (facultatif)').click();
    await page.getByLabel('Adresse électronique').fill('habitant@example.org');
    await page.getByRole('button', { name: 'Recevoir le lien de confirmation' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Cette installation n’envoie pas de courriel');
    await checkBothWidths(page, 'consultation, joined, e-mail refused');

    await page.getByRole('button', { name: 'M’oublier', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Être oublié dans cette consultation ?' });
    await confirm.waitFor();
    await expectNoAxeViolations(page, 'forget-me dialog');
    await confirm.getByRole('button', { name: 'Oui, m’oublier' }).click();
    await page.getByTestId('join-step').getByText(/vous avez été oublié dans cette consultation/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Participer');
    // The server forgot the browser: it is no participant any more.
    const me = await page.evaluate(async (path) => (await fetch(`/api${path.replace('/participation', '/participation/consultations')}/me`)).status, consultationPath);
    expect(me).toBe(403);

    // The confirmation link's page asks before it confirms, and says when a link is unknown.
    await page.goto('/participation/confirmer/lien-inconnu_123');
    await page.getByRole('heading', { level: 1, name: 'Confirmer mon adresse' }).waitFor();
    await checkBothWidths(page, 'e-mail confirmation page');
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await page.getByTestId('error-summary').filter({ hasText: 'Ce lien de confirmation est inconnu ou a expiré.' }).waitFor();
  });

  it('a moderator signs in, sees the text as written beside the masked one, approves the contribution and rejects the proposal with a reason', async () => {
    await createStaff('moderator', moderator);
    const { page } = await freshPage(DESKTOP);
    await signIn(page, moderator.email, moderator.password);
    // A new staff account replaces its temporary password first.
    await page.getByRole('heading', { level: 1, name: 'Changer mon mot de passe' }).waitFor();
    await page.getByLabel('Mot de passe actuel', { exact: true }).fill(moderator.password);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(moderator.own);
    await page.getByLabel('Confirmer le nouveau mot de passe', { exact: true }).fill(moderator.own);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();

    await staffNav(page).getByRole('link', { name: 'Participation : consultations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Consultations' }).waitFor();
    const row = page.getByTestId('admin-consultations').getByRole('row').filter({ hasText: DEMO_TITLE });
    await row.getByRole('link', { name: /en attente/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Modération' }).waitFor();
    // A moderator cannot manage: no import tab, no phase buttons.
    expect(await consultationNav(page).getByRole('link', { name: 'Importer' }).count()).toBe(0);

    const item = page.getByTestId('moderation-item').filter({ hasText: `Contribution n° ${contributionNumber}` });
    await item.waitFor();
    expect(await item.getByTestId('original-text').textContent()).toContain('jean.dupont@example.org');
    expect(await item.getByTestId('masked-text').textContent()).not.toContain('jean.dupont@example.org');
    await checkBothWidths(page, 'moderation queue');

    await item.getByRole('button', { name: `Accepter : contribution n° ${contributionNumber}` }).click();
    await page.getByTestId('moderation-status').filter({ hasText: `Contribution n° ${contributionNumber} acceptée.` }).waitFor();
    // Focus goes to the next item in the queue, not back to the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^(Énoncé|Contribution) n° \d+$/);

    // Rejecting takes a reason, chosen with the keyboard.
    const proposal = page.getByTestId('moderation-item').filter({ hasText: PROPOSED });
    await proposal.getByRole('button', { name: /^Refuser : énoncé n° \d+$/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await proposal.getByRole('radio', { name: 'Hors sujet' }).isChecked()).toBe(true);
    await expectNoAxeViolations(page, 'moderation, rejecting');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Sans rapport avec les déplacements.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('moderation-status').filter({ hasText: /^Énoncé n° \d+ refusé\.$/ }).waitFor();

    // The report made by the resident waits under "flagged".
    await page.getByText('Signalés', { exact: true }).click();
    await page.getByTestId('moderation-item').filter({ hasText: 'Contribution n° 1' }).getByTestId('item-flags').waitFor();
    await checkBothWidths(page, 'moderation, flagged');
  });

  it('an administrator imports a survey, closes the consultation, runs the synthesis, edits it and publishes it', async () => {
    const { page } = await freshPage(DESKTOP);
    await signIn(page, server.adminEmail, server.adminPassword);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: /^Participation : consultations/ }).click();
    await page.getByTestId('admin-consultations').getByRole('link', { name: DEMO_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: DEMO_TITLE }).waitFor();
    await page.getByTestId('statements-table').waitFor();
    await checkBothWidths(page, 'consultation (back-office)');

    // Statistics: each chart with its table.
    await consultationNav(page).getByRole('link', { name: 'Statistiques' }).click();
    await page.getByTestId('perday-table').waitFor();
    await page.getByTestId('perdistrict-table').waitFor();
    expect(await page.getByTestId('stats-totals').textContent()).toContain('Participants');
    await checkBothWidths(page, 'statistics');

    // The survey wizard: upload, preview, pick the open question, see the problem by line, import the valid rows.
    await consultationNav(page).getByRole('link', { name: 'Importer' }).click();
    const survey = page.getByTestId('survey-import');
    await survey.waitFor();
    await checkBothWidths(page, 'import page');
    await survey.getByLabel('Fichier CSV ou XLSX').setInputFiles({
      name: 'questionnaire.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Répondant;Vos idées pour vous déplacer;Âge\n1;Des bancs et de l’ombre le long des trottoirs;34\n2;Un parking à vélos couvert près de la gare;cent ans\n3;Des pistes cyclables séparées sur l’avenue;22\n',
        'utf8',
      ),
    });
    await survey.getByRole('button', { name: 'Lire le fichier' }).click();
    await survey.getByTestId('survey-preview').waitFor();
    await survey.getByTestId('survey-columns').getByText('Vos idées pour vous déplacer').click();
    await survey.getByLabel('Colonne de la tranche d’âge (facultatif)').selectOption('Âge');
    await survey.getByRole('button', { name: 'Importer', exact: true }).click();
    const problems = survey.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.getByRole('row').filter({ hasText: 'cent ans' }).getByRole('rowheader').textContent()).toBe('3');
    await checkBothWidths(page, 'import, problems by line');
    await survey.getByRole('button', { name: 'Importer les lignes valides' }).click();
    await survey.getByRole('heading', { name: 'Import de questionnaire.csv fait' }).waitFor();
    expect(await survey.getByTestId('import-report').textContent()).toContain('Importé : 2 contributions.');

    // Closing: confirmed in a dialog, said in a status that takes focus.
    await consultationNav(page).getByRole('link', { name: 'Consultation' }).click();
    await page.getByRole('button', { name: 'Clore la consultation' }).click();
    const close = page.getByRole('alertdialog', { name: 'Clore la consultation ?' });
    await close.waitFor();
    await expectNoAxeViolations(page, 'close dialog');
    await close.getByRole('button', { name: 'Clore la consultation' }).click();
    await page.getByText('La consultation est close.').waitFor();
    expect(await page.getByTestId('consultation-facts').textContent()).toContain('Close');

    // The opinion map, recomputed now rather than at the end of the current window.
    await page.getByRole('button', { name: 'Recalculer maintenant' }).click();
    await page.getByTestId('job-status').filter({ hasText: 'terminée' }).waitFor({ timeout: 60_000 });

    // The synthesis: a job followed on the page, then people's changes, then publication.
    await consultationNav(page).getByRole('link', { name: 'Synthèse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Synthèse' }).waitFor();
    await page.getByRole('button', { name: 'Lancer la synthèse' }).click();
    await page.getByTestId('synthesis-status').filter({ hasText: 'La synthèse est calculée.' }).waitFor({ timeout: 90_000 });
    const theme = page.getByTestId('editor-theme').filter({ hasText: 'vélos' }).first();
    await theme.waitFor();
    await theme.getByLabel(/^Nouveau nom de/).fill('Vélo et stationnement');
    await theme.getByRole('button', { name: 'Renommer' }).click();
    await page.getByTestId('synthesis-status').filter({ hasText: 'Thème renommé « Vélo et stationnement ».' }).waitFor();
    expect(await page.getByTestId('edit-list').textContent()).toContain('Vélo et stationnement');
    await checkBothWidths(page, 'synthesis editor');

    await page.getByRole('button', { name: 'Publier la synthèse' }).click();
    const publish = page.getByRole('alertdialog', { name: 'Publier la synthèse ?' });
    await publish.getByRole('button', { name: 'Publier la synthèse' }).click();
    await page.getByTestId('synthesis-status').filter({ hasText: 'La synthèse est publiée.' }).waitFor();
  });

  it('an administrator creates a consultation, imports a Pol.is conversation into it and opens it: its pages carry the CC BY 4.0 attribution', async () => {
    const { page } = await freshPage(DESKTOP);
    await signIn(page, server.adminEmail, server.adminPassword);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.goto('/admin/participation');
    await page.getByRole('link', { name: 'Nouvelle consultation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle consultation' }).waitFor();
    await checkBothWidths(page, 'new consultation form');
    await page.getByLabel('Titre').fill('Le parc des Rigollots');
    await page.getByLabel('Question posée').fill('Que voulez-vous pour le parc ?');
    await page.getByLabel('Présentation').fill('## Le projet\n\nLe parc sera **réaménagé** en 2027.');
    await page.getByText('Contributions libres', { exact: true }).click();
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await page.getByRole('heading', { level: 1, name: 'Le parc des Rigollots' }).waitFor();

    await consultationNav(page).getByRole('link', { name: 'Importer' }).click();
    const polis = page.getByTestId('polis-import');
    await polis.getByLabel('comments.csv (obligatoire)').setInputFiles({
      name: 'comments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n' +
          '1500282615559,Mon Jul 17 16:10:15 WIB 2017,0,0,0,0,1,Plus de bancs à l’ombre\n' +
          '1500282715559,Mon Jul 17 16:11:55 WIB 2017,1,1,0,0,1,Des toilettes publiques ouvertes toute l’année\n',
        'utf8',
      ),
    });
    await polis.getByRole('button', { name: 'Importer', exact: true }).click();
    await polis.getByRole('heading', { name: 'Import de comments.csv fait' }).waitFor();

    await consultationNav(page).getByRole('link', { name: 'Consultation' }).click();
    await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ouvrir la consultation' }).click();
    await page.getByText('La consultation est ouverte.').waitFor();
    expect(await page.getByTestId('exports-menu').textContent()).toContain('CC BY 4.0');

    // Residents now see the new one first (open), the demo one among those that ended.
    await page.goto('/participation');
    // The list arrives after the page: wait for it before reading it.
    await page.getByRole('region', { name: 'Terminées' }).getByRole('link').first().waitFor();
    expect(await page.getByRole('region', { name: 'En cours' }).getByRole('link').allTextContents()).toEqual(['Le parc des Rigollots']);
    expect(await page.getByRole('region', { name: 'Terminées' }).getByRole('link').allTextContents()).toEqual([DEMO_TITLE]);
    await page.getByRole('link', { name: 'Le parc des Rigollots' }).click();
    await page.getByRole('heading', { level: 2, name: 'Le projet' }).waitFor();
    const attribution = page.getByTestId('polis-attribution');
    expect(await attribution.textContent()).toContain('sub-licensed under CC BY 4.0');
    expect(await attribution.locator('[lang="en"]').count()).toBe(1);
  });

  it('the public pages show the opinion groups with "you" marked, and the themes with quotes that open their contributions', async () => {
    const { page } = resident;
    await page.goto(`${consultationPath}/carte`);
    await page.getByRole('heading', { level: 1, name: 'Carte des opinions' }).waitFor();
    const map = page.getByTestId('opinion-map');
    await map.waitFor();
    // A text alternative: the figure's description, the groups' table, each group in words.
    expect(await map.getAttribute('role')).toBe('img');
    expect(await page.locator('svg[data-testid="opinion-map"] desc').textContent()).toMatch(/participants placés selon leurs votes, en \d groupes\./);
    expect((await page.getByTestId('groups-table').getByRole('row').count()) - 1).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('group-section').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('map-you').textContent()).toMatch(/^Vous êtes dans le groupe [A-E]\.$/);
    await page.getByTestId('map-me').waitFor();
    expect(await page.getByTestId('group-section').first().textContent()).toMatch(/\d+\s% des membres du groupe qui se sont prononcés (ne )?sont (pas )?d’accord \(\d+ sur \d+\)/);
    await checkBothWidths(page, 'opinion map', PHONE);

    await page.getByRole('navigation', { name: 'Pages de cette consultation' }).getByRole('link', { name: 'Synthèse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Synthèse' }).waitFor();
    const theme = page.getByTestId('theme').filter({ has: page.getByRole('heading', { name: 'Vélo et stationnement' }) });
    await theme.waitFor();
    expect(await theme.textContent()).toContain('intitulé choisi par une personne');
    // A chart with its data table beside it; the methodology, what people changed, who took part.
    await page.getByTestId('themes-table').getByRole('rowheader', { name: 'Vélo et stationnement' }).waitFor();
    expect(await page.getByTestId('themes-chart').getAttribute('aria-hidden')).toBe('true');
    expect(await page.getByTestId('methodology').textContent()).toContain('Aucun modèle de langage n’a été utilisé');
    expect(await page.getByTestId('synthesis-edits').textContent()).toContain('Vélo et stationnement');
    await page.getByTestId('representativeness').getByRole('heading', { name: 'Par tranche d’âge' }).waitFor();
    await checkBothWidths(page, 'published synthesis', PHONE);

    // A quote opens its contribution, the quoted passage highlighted by its offsets and focused.
    const quote = theme.getByTestId('theme-quotes').getByRole('listitem').first();
    const quoted = (await quote.locator('blockquote').textContent())!.replace(/^«\s*/, '').replace(/\s*»$/, '');
    const href = (await quote.getByTestId('quote-link').getAttribute('href'))!;
    expect(href).toMatch(/\/contributions\/[0-9a-f-]+\?start=\d+&end=\d+$/);
    await quote.getByTestId('quote-link').click();
    const mark = page.getByTestId('quote-mark');
    await mark.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('MARK');
    expect(await mark.textContent()).toContain(quoted);
    expect((await page.getByTestId('contribution-full').textContent())!.length).toBeGreaterThanOrEqual(quoted.length);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Contribution n° \d+$/);
    await checkBothWidths(page, 'contribution opened from a quote', PHONE);

    // Back to its theme, with focus on the theme's heading.
    await page.getByRole('link', { name: 'Retour au thème « Vélo et stationnement »' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Vélo et stationnement');

    // Open data, for the consultation as published.
    const openData = page.getByTestId('open-data');
    const csv = openData.getByRole('link', { name: 'Contributions : fichier contributions.csv' });
    const response = await page.request.get(new URL((await csv.getAttribute('href'))!, server.url).toString());
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(body).toContain('parkings à vélos');
    expect(body).not.toContain('jean.dupont@example.org');
  });

  it('no page error or CSP violation happened along the way', () => {
    for (const errors of pageErrors) expect(errors).toEqual([]);
  });
});
