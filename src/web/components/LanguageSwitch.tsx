import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';

/** Offers the other language, written in that language, as public-sector sites usually do. */
export function LanguageSwitch() {
  useTranslation();
  const other = currentLanguage() === 'fr' ? 'en' : 'fr';
  return (
    <Button className="language-switch" onPress={() => setLanguage(other)} data-testid="language-switch">
      <span lang={other}>{other === 'en' ? 'English' : 'Français'}</span>
    </Button>
  );
}
