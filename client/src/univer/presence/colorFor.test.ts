import { describe, expect, it } from 'vitest';
import { colorFor, hslToHex, initialsOf } from './colorFor';

describe('presence colours', () => {
  it('derives a stable colour from the user id', () => {
    expect(colorFor('user-1')).toBe(colorFor('user-1'));
    expect(colorFor('user-1')).not.toBe(colorFor('user-2'));
    expect(colorFor('user-1')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('converts HSL to hex', () => {
    expect(hslToHex(0, 100, 50)).toBe('#ff0000');
    expect(hslToHex(120, 100, 25)).toBe('#008000');
  });

  it('makes initials', () => {
    expect(initialsOf('Ахметова Айгуль Сериковна')).toBe('АА');
    expect(initialsOf('  ')).toBe('?');
  });
});
