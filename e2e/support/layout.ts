import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations } from './axe';

/** The widths every page is checked at: a desktop and a 390 px phone. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The page fits its width: nothing to scroll sideways (WCAG 1.4.10, reflow). */
export async function expectNoHorizontalScroll(page: Page, label = page.url()): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal scroll on ${label}`).toBeLessThanOrEqual(0);
}

/** axe and horizontal scrolling at desktop width and at 390 px, on the page as it is; back to `back` after. */
export async function checkBothWidths(page: Page, label: string, back: { width: number; height: number } = page.viewportSize() ?? DESKTOP): Promise<void> {
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await expectNoAxeViolations(page, `${label} (${viewport.width} px)`);
    await expectNoHorizontalScroll(page, `${label} (${viewport.width} px)`);
  }
  await page.setViewportSize(back);
}
