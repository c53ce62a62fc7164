import { describe, expect, it } from 'vitest';
import { kk, ru } from './messages';
import { translate } from './i18n';

describe('i18n', () => {
  it('has a Kazakh text for every Russian key', () => {
    expect(Object.keys(kk).sort()).toEqual(Object.keys(ru).sort());
    for (const value of Object.values(kk)) expect(value.trim()).not.toBe('');
  });

  it('fills placeholders', () => {
    expect(translate('ru', 'editor.unknownTemplate', { id: 'x/1' })).toBe('Неизвестный шаблон листа: x/1');
    expect(translate('kk', 'editor.unknownTemplate', { id: 'x/1' })).toBe('Парақтың белгісіз үлгісі: x/1');
  });
});
