import { useEffect, useState } from 'react';
import { useSession } from '../hooks/useSession';
import type { Me } from './workflowApi';
import { fetchMe } from './workflowApi';

const cache = new Map<string, Promise<Me>>();

/** The signed-in user with roles (`GET /api/me`, fetched once per session token); null while loading. */
export function useMe(): Me | null {
  const session = useSession();
  const token = session?.token ?? null;
  const [me, setMe] = useState<{ token: string; me: Me } | null>(null);
  useEffect(() => {
    if (token === null) return;
    let live = true;
    let pending = cache.get(token);
    if (pending === undefined) {
      pending = fetchMe();
      cache.set(token, pending);
      pending.catch(() => cache.delete(token));
    }
    pending.then(
      (m) => live && setMe({ token, me: m }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [token]);
  return me !== null && me.token === token ? me.me : null;
}

/** Whether the user holds any of the roles (anywhere). */
export function hasRole(me: Me | null, ...roles: string[]): boolean {
  return me?.roles.some((r) => roles.includes(r.role)) ?? false;
}
