import { describe, expect, it } from 'vitest';
import { parseApiError, parseDocument, parseParameters, parseUser } from './apiClient';

describe('apiClient parsing', () => {
  it('reads the localized server error', () => {
    const err = parseApiError(401, { error: { code: 'bad_credentials', message: { ru: 'Неверный ИИН или пароль', kk: 'ЖСН немесе құпиясөз қате' } } });
    expect(err.code).toBe('bad_credentials');
    expect(err.localized?.kk).toBe('ЖСН немесе құпиясөз қате');
    expect(parseApiError(502, '<html>').localized).toBeNull();
  });

  it('normalizes documents and users', () => {
    expect(
      parseDocument({
        id: 'd1',
        kind: 'pkfo',
        title: 'ПКФО',
        organisation: { id: 'o1', nameRu: 'ГУ «Отдел образования»', nameKk: '«Білім бөлімі» ММ' },
        programCode: '001',
        subprogramCode: '015',
        status: 'draft',
        collabName: 'pkfo.d1',
        actions: ['read', 'comment'],
        updatedAt: '2025-04-01T10:00:00Z',
      }),
    ).toEqual({
      id: 'd1',
      kind: 'pkfo',
      title: 'ПКФО',
      organisation: { ru: 'ГУ «Отдел образования»', kk: '«Білім бөлімі» ММ' },
      collabName: 'pkfo.d1',
      program: '001.015',
      status: 'draft',
      updatedAt: '2025-04-01T10:00:00Z',
      readOnly: true,
      parameters: null,
    });
    expect(parseDocument({ title: 'no id' })).toBeNull();
    expect(parseUser({ id: 'u1', fullName: 'Ахметова А.', iin: '850101300123' })).toEqual({ id: 'u1', name: 'Ахметова А.', iin: '850101300123' });
  });

  it('keeps the numeric period parameters of a document', () => {
    expect(parseParameters({ mrp: 4325, 'inflation.140.y2': 1.05, bad: 'x', inf: Number.POSITIVE_INFINITY })).toEqual({ mrp: 4325, 'inflation.140.y2': 1.05 });
    expect(parseParameters(null)).toBeNull();
    expect(parseParameters([1])).toBeNull();
  });
});
