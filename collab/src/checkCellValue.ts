import type { CellValueType } from './SheetSchema.ts';

/** Largest absolute amount accepted, in тенге (10^15 — far above any republican budget line). */
export const MAX_AMOUNT = 1e15;
/** Largest absolute quantity (штуки, литры, км …). */
export const MAX_QUANTITY = 1e12;
/** Percent range accepted (процент), inclusive. */
export const MAX_PERCENT = 1000;
/** Longest text value, in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 2000;
/** Longest classification code (код), in digits. */
export const MAX_CODE_LENGTH = 32;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkNumber(value: unknown, max: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
  if (Math.abs(value) > max) return `number out of range ±${max}`;
  return null;
}

/**
 * Checks one input value against its column type ([V12]). Returns `null` when accepted, else a
 * short English reason for logs. Shared by the server (validation) and the client (before writing),
 * so both refuse exactly the same values.
 */
export function checkCellValue(type: CellValueType, value: unknown): string | null {
  switch (type) {
    case 'amount':
      return checkNumber(value, MAX_AMOUNT);
    case 'quantity':
      return checkNumber(value, MAX_QUANTITY);
    case 'percent':
      return checkNumber(value, MAX_PERCENT);
    case 'text':
      if (typeof value !== 'string') return 'expected a string';
      return value.length > MAX_TEXT_LENGTH ? `text longer than ${MAX_TEXT_LENGTH}` : null;
    case 'code':
      if (typeof value !== 'string') return 'expected a digit string';
      return value.length >= 1 && value.length <= MAX_CODE_LENGTH && /^[0-9]+$/.test(value)
        ? null
        : 'expected a digit string';
    case 'date': {
      if (typeof value !== 'string') return 'expected an ISO date string';
      const m = DATE_PATTERN.exec(value);
      if (!m) return 'expected yyyy-mm-dd';
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        return 'not a calendar date';
      }
      return null;
    }
    default: {
      const never: never = type;
      return `unknown value type ${String(never)}`;
    }
  }
}
