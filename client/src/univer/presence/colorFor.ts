/**
 * Presence colour of a user, derived from the user id. Same rule as the server's awareness
 * extension (which stamps the authenticated user's colour on every state), so a person has one
 * colour everywhere.
 */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `hsl(${hash % 360} 70% 42%)`;
}

const SAFE_COLOR = /^(#[0-9a-fA-F]{3,8}|(hsl|rgb)a?\([0-9.,%\s/]+\))$/;

/** Whether a colour from another client is a plain CSS colour (nothing that could inject CSS). */
export function isSafeColor(color: string): boolean {
  return SAFE_COLOR.test(color);
}

/** The colour with an alpha channel, for translucent fills (`#rrggbb` or modern `hsl()`/`rgb()`). */
export function withAlpha(color: string, alpha: number): string {
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return `${color}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
  const m = /^(hsl|rgb)a?\(([^/)]*)\)$/.exec(color);
  if (m) return `${m[1]}(${(m[2] ?? '').trim()} / ${alpha})`;
  return 'transparent';
}

/** HSL (degrees, percent, percent) to `#rrggbb`. */
export function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const a = sat * Math.min(light, 1 - light);
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** Initials for an avatar: «Ахметова Айгуль» → «АА». */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((p) => p[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}
