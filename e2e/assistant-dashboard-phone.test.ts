import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { launchBrowser, newContext } from './support/browser';
import { DESKTOP, PHONE } from './support/layout';
import { startServer, type RunningServer } from './support/server';

/**
 * The assistant issue "the dashboard's algorithms table overflows at 390 px": the back-office
 * dashboard (`/admin`), with its table of the algorithms in service (the assistant's among them),
 * opened by the admin at 1280 and at 390 px. The document never scrolls sideways (WCAG 2.1 1.4.10);
 * a table wider than its column scrolls inside its own box, and that box, when it scrolls, is a
 * named region with a tab stop so that a keyboard user can reach and scroll it (2.1.1). axe at both
 * widths, in French and in English.
 */
describe('assistant: the dashboard’s algorithms table on a phone, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { context, errors } = await newContext(browser, { baseURL: server.url, viewport: DESKTOP });
    opened.push(context);
    pageErrors.push(errors);
    page = await context.newPage();
    await page.goto('/admin/connexion');
    await page.getByLabel('Adresse électronique').fill(server.adminEmail);
    await page.getByLabel('Mot de passe', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    for (const c of opened) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    expect(pageErrors.flat()).toEqual([]);
  });

  /** Every table in the main content, with the box that scrolls it sideways (if any) and what that box offers the keyboard. */
  function tables(p: Page) {
    return p.evaluate(() =>
      Array.from(document.querySelectorAll('main table')).map((table) => {
        let box: HTMLElement | null = table.parentElement;
        while (box && box !== document.body && !/(auto|scroll)/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
        const scroller = box && box !== document.body ? box : null;
        return {
          caption: table.querySelector('caption')?.textContent ?? '',
          tableWidth: table.getBoundingClientRect().width,
          scroller: scroller && {
            overflows: scroller.scrollWidth > scroller.clientWidth + 1,
            width: scroller.clientWidth,
            right: scroller.getBoundingClientRect().right,
            tabIndex: scroller.tabIndex,
            role: scroller.getAttribute('role'),
            label: scroller.getAttribute('aria-label') ?? '',
          },
        };
      }),
    );
  }

  /** The names the page gives, in one language: the table (its caption, also the section's heading) and its scrolling region. */
  interface Names {
    table: string;
    region: string;
  }

  async function checkAt(viewport: { width: number; height: number }, names: Names) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    const label = `dashboard (${viewport.width} px)`;
    const table = page.getByRole('table', { name: names.table });
    await table.waitFor();
    expect(await table.getByRole('row').count(), 'the algorithms table lists the register').toBeGreaterThan(1);

    // Nothing to scroll sideways on the document itself.
    const doc = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(doc.scrollWidth, `horizontal scroll on ${label}`).toBeLessThanOrEqual(doc.innerWidth);

    // Each table sits in a box that scrolls sideways; a box that does scroll is a named region with a tab stop.
    const found = await tables(page);
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) {
      expect(t.scroller, `table "${t.caption}" has no box that scrolls it sideways (${label})`).not.toBeNull();
      expect(t.scroller!.right, `table "${t.caption}" box goes past the screen (${label})`).toBeLessThanOrEqual(viewport.width);
      if (!t.scroller!.overflows) continue;
      const why = `${label}: table ${Math.round(t.tableWidth)} px in a ${t.scroller!.width} px box`;
      expect(t.scroller!.tabIndex, `scrolling box of "${t.caption}" is not reachable by keyboard (${why})`).toBe(0);
      expect(t.scroller!.role, `scrolling box of "${t.caption}" is not a region (${why})`).toBe('region');
      expect(t.scroller!.label.trim(), `scrolling box of "${t.caption}" has no name (${why})`).not.toBe('');
    }

    await expectNoAxeViolations(page, label);
    return found.find((t) => t.caption === names.table)!;
  }

  const FR: Names = { table: 'Algorithmes en service', region: 'Tableau des algorithmes en service' };
  const EN: Names = { table: 'Algorithms in service', region: 'Table of the algorithms in service' };

  it('fits 1280 and 390 px: the algorithms table scrolls in its own named, focusable region on a phone', async () => {
    await page.goto('/admin');
    await page.getByRole('heading', { level: 2, name: FR.table }).waitFor();

    const desktop = await checkAt(DESKTOP, FR);
    // At 1280 px the table fits: its box stays plain, with no extra tab stop.
    expect(desktop.scroller?.overflows).toBe(false);
    expect(await page.getByRole('region', { name: FR.region, exact: true }).count()).toBe(0);

    const phone = await checkAt(PHONE, FR);
    // At 390 px the three columns (name, provider, status) are wider than the screen: the case.
    expect(phone.scroller?.overflows, 'the algorithms table no longer overflows at 390 px; this test would prove nothing').toBe(true);
    expect(phone.scroller?.label).toBe(FR.region);
    const region = page.getByRole('region', { name: FR.region, exact: true });
    expect(await region.getByRole('table', { name: FR.table, exact: true }).count()).toBe(1);

    // A keyboard user reaches the region with Tab (from the last tab stop before it) and scrolls it with the arrow keys.
    await region.evaluate((el) => (el.scrollLeft = 0));
    const stopsBefore = await region.evaluate((el) => {
      const stops = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')).filter(
        (e) => e !== el && (e.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 && e.getClientRects().length > 0,
      );
      stops.at(-1)?.focus();
      return stops.length;
    });
    expect(stopsBefore).toBeGreaterThan(0);
    await page.keyboard.press('Tab');
    expect(await region.evaluate((el) => el === document.activeElement), 'Tab reaches the region').toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft), { message: 'the arrow keys scroll the region' }).toBeGreaterThan(0);

    // Back at desktop width the region goes away again.
    await page.setViewportSize(DESKTOP);
    await expect.poll(() => page.getByRole('region', { name: FR.region, exact: true }).count()).toBe(0);
  });

  it('names the region in English too, at both widths', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/admin');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: EN.table }).waitFor();
    try {
      await checkAt(DESKTOP, EN);
      const phone = await checkAt(PHONE, EN);
      expect(phone.scroller?.label).toBe(EN.region);
      expect(await page.getByRole('region', { name: EN.region, exact: true }).getByRole('table', { name: EN.table, exact: true }).count()).toBe(1);
    } finally {
      await page.setViewportSize(DESKTOP);
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { level: 2, name: FR.table }).waitFor();
    }
  });
});
