/**
 * The signed-in session: the JWT and the user, kept in sessionStorage (one browser tab = one
 * session; closing the tab signs out).
 */

export interface SessionUser {
  id: string;
  /** Display name (ФИО). */
  name: string;
  iin?: string;
  role?: string;
  organisationName?: string;
}

export interface Session {
  token: string;
  user: SessionUser;
}

const KEY = 'zhospar.session';
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

/** The current session, if any. */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { token, user } = parsed as { token?: unknown; user?: unknown };
    if (typeof token !== 'string' || typeof user !== 'object' || user === null) return null;
    return { token, user: user as SessionUser };
  } catch {
    return null;
  }
}

/** Stores (or, with null, clears) the session and notifies subscribers. */
export function saveSession(session: Session | null): void {
  try {
    if (session === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage disabled: the session lives until reload.
  }
  for (const l of listeners) l(session);
}

/** Subscribes to session changes; returns the unsubscribe function. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
