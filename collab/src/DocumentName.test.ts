import { describe, expect, it } from 'vitest';
import { formatDocumentName, parseDocumentName } from './DocumentName.ts';

const id = '3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c';

describe('document names', () => {
  it('[P7] round-trips every kind', () => {
    for (const kind of ['budget-request', 'financing-plan', 'pkfo'] as const) {
      const name = formatDocumentName(kind, id);
      expect(name).toBe(`${kind}.${id}`);
      expect(parseDocumentName(name)).toEqual({ kind, documentId: id });
    }
  });

  it('[P7] refuses unknown kinds, non-canonical uuids and extra parts', () => {
    for (const name of [
      `comments.${id}`,
      `pkfo.${id.toUpperCase()}`,
      `pkfo.${id}.x`,
      `pkfo.${id.replace(/-/g, '')}`,
      `pkfo`,
      `.${id}`,
      `pkfo.`,
      `Pkfo.${id}`,
      '',
    ]) {
      expect(parseDocumentName(name), name).toBeNull();
    }
  });

  it('[P7] formatDocumentName throws on what parse would refuse', () => {
    expect(() => formatDocumentName('pkfo', 'not-a-uuid')).toThrow();
    expect(() => formatDocumentName('limits' as 'pkfo', id)).toThrow();
  });
});
