import { useSyncExternalStore } from 'react';
import type { Session } from '../session/session';
import { loadSession, onSessionChange } from '../session/session';

let cached: { raw: Session | null } = { raw: loadSession() };
onSessionChange((s) => {
  cached = { raw: s };
});

/** The signed-in session (null when signed out); re-renders when it changes. */
export function useSession(): Session | null {
  return useSyncExternalStore(
    (cb) => onSessionChange(() => cb()),
    () => cached.raw,
  );
}
