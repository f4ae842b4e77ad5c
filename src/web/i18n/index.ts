import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { WebModule } from '../shell/web-module';
import en from './en.json';
import fr from './fr.json';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'beffroi.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'fr' || v === 'en') return v;
  } catch {
    /* storage may be disabled; French is the default */
  }
  return 'fr';
}

export function currentLanguage(): Language {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'fr';
}

export function setLanguage(lng: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* the choice then lasts for this page only */
  }
  void i18n.changeLanguage(lng);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/**
 * The shell's own messages (portal frame, back-office frame, shared components) are bundled:
 * the first page needs them. Each module's messages are a namespace of their own, fetched the
 * first time one of its pages or labels is shown; keys a module does not have fall back to the
 * shell's (`common.*`, `forms.*`, `problems.*`…).
 */
const moduleLoaders = new Map<string, WebModule['messages']>();

const moduleMessages: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = moduleLoaders.get(namespace);
    if (!load) return callback(null, {});
    load(language === 'en' ? 'en' : 'fr').then(
      (m) => callback(null, m.default),
      (err: Error) => callback(err, null),
    );
  },
};

export const SHELL_NAMESPACE = 'translation';

/** Called once at start with the modules of `src/web/modules.ts`. */
export function registerModuleMessages(modules: readonly WebModule[]) {
  for (const m of modules) moduleLoaders.set(m.name, m.messages);
}

void i18n
  .use(moduleMessages)
  .use(initReactI18next)
  .init({
    resources: { fr: { [SHELL_NAMESPACE]: fr }, en: { [SHELL_NAMESPACE]: en } },
    // Bundled shell messages, module namespaces through the backend.
    partialBundledLanguages: true,
    ns: [SHELL_NAMESPACE],
    defaultNS: SHELL_NAMESPACE,
    fallbackNS: SHELL_NAMESPACE,
    lng: storedLanguage(),
    fallbackLng: 'fr',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
document.documentElement.lang = i18n.language;

export default i18n;
