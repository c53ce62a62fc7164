import type { ReactNode } from 'react';

/** The name tag above a colleague's selected cell, in their presence colour. */
export function PresenceLabel({ name, color }: { name: string; color: string }): ReactNode {
  return (
    <span className="presence-label" style={{ backgroundColor: color }} data-presence-name={name}>
      {name}
    </span>
  );
}
