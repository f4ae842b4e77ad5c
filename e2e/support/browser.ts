import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ContextOptions {
  baseURL: string;
  /** Defaults to a desktop viewport; 390×844 is a common phone. */
  viewport?: { width: number; height: number };
  locale?: string;
}

/**
 * A fresh browser context that fails the test on any CSP violation or uncaught page error,
 * since those mean the page does not work as served.
 */
export async function newContext(browser: Browser, opts: ContextOptions): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: opts.locale ?? 'fr-FR',
  });
  const errors: string[] = [];
  context.on('page', (page) => watchPage(page, errors));
  return { context, errors };
}

function watchPage(page: Page, errors: string[]) {
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) errors.push(`csp: ${msg.text()}`);
  });
}
