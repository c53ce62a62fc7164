/**
 * Language state: Russian by default, Kazakh switchable; the choice is kept in localStorage.
 * `translate` substitutes `{name}` placeholders.
 */
import type { Lang, LocalizedText } from '../model/templateTypes';
import type { MessageKey } from './messages';
import { kk, ru } from './messages';

const STORAGE_KEY = 'zhospar.lang';

/** The saved interface language, Russian when none is saved. */
export function loadLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'kk' ? 'kk' : 'ru';
  } catch {
    return 'ru';
  }
}

/** Saves the interface language and sets `<html lang>`. */
export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lang;
}

/** The text of a message key in a language, placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const text: string = lang === 'kk' ? kk[key] : ru[key];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the language's variant of a server or template text. */
export function localized(lang: Lang, text: LocalizedText | undefined): string {
  if (text === undefined) return '';
  return text[lang] || text.ru;
}
