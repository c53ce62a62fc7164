import { describe, expect, it } from 'vitest';
import { coerceCellInput, displayValue, parseDate, parseLocalizedNumber, serialToIsoDate } from './coerceValue';

describe('coerceValue', () => {
  it.each([
    ['1234.5', 1234.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234\u00a0567,25', 1234567.25],
    ['1,234.5', 1234.5],
    ['1.234,5', 1234.5],
    ['1,234,567', 1234567],
    ['\u22125', -5],
    [' 12 ', 12],
    ['0,5', 0.5],
  ])('parses the number %s', (input, expected) => {
    expect(parseLocalizedNumber(input)).toBe(expected);
  });

  it.each(['abc', '1,2,3.4.5', '12a', '', '--1'])('refuses %s as a number', (input) => {
    expect(parseLocalizedNumber(input)).toBeNull();
  });

  it('coerces amounts and rounds to the column precision', () => {
    expect(coerceCellInput('1 234,567', 'amount', 2)).toEqual({ kind: 'set', value: 1234.57 });
    expect(coerceCellInput(10, 'amount')).toEqual({ kind: 'set', value: 10 });
    expect(coerceCellInput('много', 'amount')).toEqual({ kind: 'invalid', reason: 'number' });
  });

  it('keeps percents in percentage points', () => {
    expect(coerceCellInput('20 %', 'percent')).toEqual({ kind: 'set', value: 20 });
    expect(coerceCellInput('12,5%', 'percent')).toEqual({ kind: 'set', value: 12.5 });
  });

  it('clears on empty input and refuses formulas', () => {
    expect(coerceCellInput('  ', 'text')).toEqual({ kind: 'clear' });
    expect(coerceCellInput(null, 'amount')).toEqual({ kind: 'clear' });
    expect(coerceCellInput('=A1+1', 'amount')).toEqual({ kind: 'invalid', reason: 'formula' });
  });

  it('keeps codes as strings with leading zeros', () => {
    expect(coerceCellInput(' 0101 ', 'code')).toEqual({ kind: 'set', value: '0101' });
    expect(coerceCellInput(144, 'code')).toEqual({ kind: 'set', value: '144' });
  });

  it('parses dates to ISO and shows them Russian style', () => {
    expect(parseDate('01.04.2025')).toBe('2025-04-01');
    expect(parseDate('2025-4-1')).toBe('2025-04-01');
    expect(parseDate('31.02.2025')).toBeNull();
    expect(parseDate('29.02.2024')).toBe('2024-02-29');
    expect(serialToIsoDate(45748)).toBe('2025-04-01');
    expect(serialToIsoDate(25569)).toBe('1970-01-01');
    expect(coerceCellInput('1.4.2025', 'date')).toEqual({ kind: 'set', value: '2025-04-01' });
    expect(displayValue('2025-04-01', 'date')).toBe('01.04.2025');
  });
});
