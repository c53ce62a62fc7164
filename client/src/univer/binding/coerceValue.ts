/**
 * Coercion of what a user typed into a cell to the value stored in the Y.Doc, and back to what the
 * grid shows. Stored values follow the `sheets` contract: amounts, quantities and percents are
 * numbers (percent in percentage points, 20 = 20 %), text and codes are strings, dates ISO
 * `YYYY-MM-DD` strings.
 *
 * Accepted number input: `1234.5`, `1 234,5` (space, no-break or thin space as thousands separator,
 * comma as decimal separator), `1,234.5`, `−5` (minus sign), `20 %` in percent columns.
 * Accepted date input: `2025-04-01`, `01.04.2025`, `1.4.2025`, or a spreadsheet serial number.
 */
import type { CellValueType, StoredValue } from '../../model/templateTypes';

export type CoerceResult =
  | { kind: 'set'; value: StoredValue }
  | { kind: 'clear' }
  | { kind: 'invalid'; reason: 'number' | 'date' | 'formula' };

const SPACES = /[\s\u00a0\u202f\u2009\u2007']/g;

/** Parses a number written the Russian or the English way; null if it is not a number. */
export function parseLocalizedNumber(input: string): number | null {
  let s = input.replace(SPACES, '').replace(/\u2212/g, '-');
  if (s === '') return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // The later separator is the decimal one; the other groups thousands.
    if (lastComma > lastDot) s = s.replace(/\./g, '').replace(',', '.');
    else s = s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const commas = s.split(',').length - 1;
    // «1,234,567» groups thousands; a single comma is the Russian decimal separator.
    s = commas > 1 ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    // «1.234.567» groups thousands.
    s = s.replace(/\./g, '');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > (daysInMonth[month - 1] as number)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Spreadsheet serial day (1900 system, 25569 = 1970-01-01) to ISO date. */
export function serialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const days = Math.floor(serial) - 25569;
  // Civil-from-days (H. Hinnant), no clock involved.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return isoDate(year, month, day);
}

/** Parses `YYYY-MM-DD` or `DD.MM.YYYY`; null if it is not a real date. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

function roundTo(n: number, precision: number | undefined): number {
  if (precision === undefined) return n;
  const f = 10 ** precision;
  return Math.round((n + Number.EPSILON * Math.sign(n)) * f) / f;
}

/**
 * Coerces a raw grid value (what Univer holds after an edit) to the stored value of a column type.
 * Empty input clears the cell. Numbers are rounded to the column precision when one is given.
 */
export function coerceCellInput(raw: unknown, type: CellValueType, precision?: number): CoerceResult {
  if (raw === null || raw === undefined) return { kind: 'clear' };
  if (typeof raw === 'string' && raw.trim() === '') return { kind: 'clear' };
  if (typeof raw === 'string' && raw.trim().startsWith('=')) return { kind: 'invalid', reason: 'formula' };
  switch (type) {
    case 'amount':
    case 'quantity':
    case 'percent': {
      let n: number | null;
      if (typeof raw === 'number') n = Number.isFinite(raw) ? raw : null;
      else if (typeof raw === 'boolean') n = null;
      else {
        let s = String(raw);
        if (type === 'percent') s = s.replace(/%\s*$/, '');
        n = parseLocalizedNumber(s);
      }
      if (n === null) return { kind: 'invalid', reason: 'number' };
      return { kind: 'set', value: roundTo(n, precision) };
    }
    case 'date': {
      const iso = typeof raw === 'number' ? serialToIsoDate(raw) : typeof raw === 'string' ? parseDate(raw) : null;
      return iso === null ? { kind: 'invalid', reason: 'date' } : { kind: 'set', value: iso };
    }
    case 'code': {
      const s = typeof raw === 'number' ? String(raw) : String(raw).trim();
      return s === '' ? { kind: 'clear' } : { kind: 'set', value: s };
    }
    case 'text': {
      const s = typeof raw === 'number' ? String(raw) : String(raw);
      return { kind: 'set', value: s.replace(/\s+$/, '') };
    }
  }
}

/** What the grid shows for a stored value: numbers stay numbers, ISO dates become `DD.MM.YYYY`. */
export function displayValue(value: StoredValue, type: CellValueType): string | number {
  if (typeof value === 'boolean') return value ? '✓' : '';
  if (type === 'date' && typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
  }
  if ((type === 'amount' || type === 'quantity' || type === 'percent') && typeof value === 'string') {
    const n = parseLocalizedNumber(value);
    return n === null ? value : n;
  }
  return value;
}

/** Whether the grid already shows exactly the canonical form of a stored value. */
export function isCanonicalDisplay(raw: unknown, value: StoredValue, type: CellValueType): boolean {
  const shown = displayValue(value, type);
  if (typeof shown === 'number') return typeof raw === 'number' && raw === shown;
  return raw === shown;
}
