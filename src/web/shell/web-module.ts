import type { ComponentType } from 'react';

/**
 * The web half of a module's manifest. A module declares its pages, navigation entries and
 * messages here (`src/modules/<module>/web/manifest.ts`); the shell (portal and back-office
 * layouts, router, i18n) assembles every module listed in `src/web/modules.ts`. Adding a module
 * touches no other shared web file.
 */

export type Language = 'fr' | 'en';

/** A page loaded on demand: residents download a module's pages only when they open one. */
export type PageLoader = () => Promise<{ default: ComponentType }>;

export interface PortalRoute {
  /** Absolute path pattern, e.g. `/assistant/sources/:documentId`; the server's manifest lists the same in `portalPaths`. */
  path: string;
  page: PageLoader;
}

export interface AdminRoute {
  /** Absolute path pattern under `/admin/`, e.g. `/admin/assistant/documents/:id`. */
  path: string;
  page: PageLoader;
  /** Permission needed to open the page; without it the page says so (the server refuses the data anyway). */
  permission?: string;
}

export interface NavEntry {
  to: string;
  /** Message key in the module's namespace. */
  label: string;
  /** Position among every module's entries (lower first). */
  order: number;
}

export interface AdminNavEntry extends NavEntry {
  /** The entry is shown only to staff holding this permission. */
  permission?: string;
}

export interface HomeEntry extends NavEntry {
  /** Message key of the card's one-sentence description. */
  text: string;
  /** URL of the card's icon (an SVG imported by the module, or one of the shell's `/icons/*.svg`). */
  icon: string;
}

export interface DashboardCard extends AdminNavEntry {
  text: string;
}

export interface WebModule {
  /** The server module's name; also the i18n namespace of its messages. */
  name: string;
  /** The module's messages in one language, fetched the first time one of its pages or labels is shown. */
  messages: (language: Language) => Promise<{ default: Record<string, unknown> }>;
  portal?: { routes?: PortalRoute[]; nav?: NavEntry[]; home?: HomeEntry[] };
  admin?: { routes?: AdminRoute[]; nav?: AdminNavEntry[]; dashboard?: DashboardCard[] };
}

/** Entries of one kind from every module, in their declared order, each with its module's namespace. */
export function collect<T extends { order: number }>(
  modules: readonly WebModule[],
  pick: (m: WebModule) => readonly T[] | undefined,
): (T & { ns: string })[] {
  return modules
    .flatMap((m) => (pick(m) ?? []).map((e) => ({ ...e, ns: m.name })))
    .sort((a, b) => a.order - b.order);
}
