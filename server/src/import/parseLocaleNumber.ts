/**
 * Numbers typed as text in a spreadsheet, the way accountants in Kazakhstan write them: spaces
 * (also no-break) or apostrophes between thousands, a decimal comma or point (`1 234 567,89`,
 * `1,234,567.89`), a minus or accounting parentheses for negatives, an optional `₸`/`тг` suffix,
 * and — for percent columns — a trailing `%` (`20%` → 20 points).
 */

/** The number a text means, or null when it is not one. */
export function parseLocaleNumber(text: string, percent = false): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (percent) s = s.replace(/%$/, '');
  s = s.replace(/(₸|тг\.?|тенге|теңге)$/i, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('−')) s = `-${s.slice(1)}`;
  const comma = s.lastIndexOf(',');
  const point = s.lastIndexOf('.');
  if (comma >= 0 && point >= 0) {
    // Both: the last one is the decimal separator, the other groups thousands.
    s = comma > point ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    // Only commas: several group thousands (1,234,567); one is a decimal comma (ru/kk).
    s = (s.match(/,/g) ?? []).length > 1 ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    s = s.replace(/\./g, '');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}
