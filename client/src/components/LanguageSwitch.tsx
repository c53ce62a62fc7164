import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { Lang } from '../model/templateTypes';

const LANGS: readonly Lang[] = ['ru', 'kk'];

/** Russian / Kazakh switch (a radio group, keyboard operable). */
export function LanguageSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="radiogroup" aria-label={t('lang.switch')}>
      {LANGS.map((l) => (
        <button key={l} type="button" role="radio" aria-checked={lang === l} className={lang === l ? 'active' : ''} onClick={() => setLang(l)} lang={l}>
          {t(l === 'ru' ? 'lang.ru' : 'lang.kk')}
        </button>
      ))}
    </div>
  );
}
