import { describe, expect, it } from 'vitest';
import { kk, ru } from './messages';
import { translate } from './i18n';

describe('i18n', () => {
  it('has a Kazakh text for every Russian key', () => {
    expect(Object.keys(kk).sort()).toEqual(Object.keys(ru).sort());
    for (const value of Object.values(kk)) expect(value.trim()).not.toBe('');
  });

  it('translates the editor texts, not copies the Russian ones (only shortcuts may match)', () => {
    const editorKeys = (Object.keys(ru) as Array<keyof typeof ru>).filter((key) => /^(editor|controls|common)\./.test(key));
    const same = editorKeys.filter((key) => kk[key] === ru[key]);
    expect(same.sort()).toEqual(['editor.deleteRowShortcut', 'editor.insertRowShortcut']);
    // Placeholders survive translation.
    for (const key of Object.keys(ru) as Array<keyof typeof ru>) {
      const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
      expect(names(kk[key]), key).toEqual(names(ru[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('ru', 'editor.unknownTemplate', { id: 'x/1' })).toBe('Неизвестный шаблон листа: x/1');
    expect(translate('kk', 'editor.unknownTemplate', { id: 'x/1' })).toBe('Парақтың белгісіз үлгісі: x/1');
  });
});
