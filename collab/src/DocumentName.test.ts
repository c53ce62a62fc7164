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

describe('discussion names', () => {
  it('[C1] comments.<uuid> names the discussion beside a document; parseDocumentName still refuses it', async () => {
    const { formatDiscussionName, parseCollabName, parseDiscussionName } = await import('./DocumentName.ts');
    expect(formatDiscussionName(id)).toBe(`comments.${id}`);
    expect(parseDiscussionName(`comments.${id}`)).toEqual({ documentId: id });
    expect(parseDocumentName(`comments.${id}`)).toBeNull();
    expect(parseCollabName(`comments.${id}`)).toEqual({ channel: 'comments', documentId: id });
    expect(parseCollabName(`pkfo.${id}`)).toEqual({ channel: 'cells', kind: 'pkfo', documentId: id });
    for (const bad of [`comments.${id.toUpperCase()}`, `comments.${id}.x`, 'comments.', `comment.${id}`, `Comments.${id}`, id]) {
      expect(parseDiscussionName(bad), bad).toBeNull();
      expect(parseCollabName(bad), bad).toBeNull();
    }
    expect(() => formatDiscussionName('nope')).toThrow();
  });
});
