import { useSyncExternalStore } from 'react';

/** Screens of the app, addressed by the URL hash (`#/documents`, `#/documents/<id>`, …). */
export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'documents' }
  | { name: 'document'; id: string }
  | { name: 'versions'; id: string }
  | { name: 'desktop' }
  | { name: 'signing-keys' }
  | { name: 'dev-editor-preview' }
  | { name: 'not-found' };

/** Parses a location hash to a route (pure; exported for tests). */
export function parseRoute(hash: string, dev: boolean): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (parts.length === 0) return { name: 'documents' };
  if (parts[0] === 'login') {
    const next = new URLSearchParams(hash.split('?')[1] ?? '').get('next');
    return { name: 'login', next: next !== null && next.startsWith('/') ? next : null };
  }
  if (parts[0] === 'documents' && parts.length === 1) return { name: 'documents' };
  if (parts[0] === 'documents' && parts.length === 2 && parts[1] !== undefined) return { name: 'document', id: parts[1] };
  if (parts[0] === 'documents' && parts.length === 3 && parts[1] !== undefined && parts[2] === 'versions') return { name: 'versions', id: parts[1] };
  if (parts[0] === 'desktop' && parts.length === 1) return { name: 'desktop' };
  if (parts[0] === 'signing-keys' && parts.length === 1) return { name: 'signing-keys' };
  if (dev && parts[0] === 'dev' && parts[1] === 'editor-preview') return { name: 'dev-editor-preview' };
  return { name: 'not-found' };
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The current route; re-renders on hash changes. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash, import.meta.env.DEV);
}

/** Navigates to a hash path, e.g. `/documents/123`. */
export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}
