import { describe, expect, it } from 'vitest';
import { parseRoute } from './useHashRoute';

describe('parseRoute', () => {
  it('parses the app routes', () => {
    expect(parseRoute('', false)).toEqual({ name: 'documents' });
    expect(parseRoute('#/documents', false)).toEqual({ name: 'documents' });
    expect(parseRoute('#/documents/abc-1', false)).toEqual({ name: 'document', id: 'abc-1' });
    expect(parseRoute('#/login?next=/documents/1', false)).toEqual({ name: 'login', next: '/documents/1' });
    expect(parseRoute('#/login?next=https://evil', false)).toEqual({ name: 'login', next: null });
  });

  it('has the editor preview only in development', () => {
    expect(parseRoute('#/dev/editor-preview', true)).toEqual({ name: 'dev-editor-preview' });
    expect(parseRoute('#/dev/editor-preview', false)).toEqual({ name: 'not-found' });
  });
});
