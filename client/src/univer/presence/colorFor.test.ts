import { describe, expect, it } from 'vitest';
import { colorFor, hslToHex, initialsOf, isSafeColor, withAlpha } from './colorFor';

describe('presence colours', () => {
  it('derives a stable colour from the user id', () => {
    expect(colorFor('user-1')).toBe(colorFor('user-1'));
    expect(colorFor('user-1')).not.toBe(colorFor('user-2'));
    expect(colorFor('user-1')).toMatch(/^hsl\(\d+ 70% 42%\)$/);
  });

  it('matches the server rule for the same id', () => {
    // server/src/collaboration/AwarenessExtension.ts: hash = hash * 31 + code, hsl(hash % 360 70% 42%)
    let hash = 0;
    for (const ch of 'abc') hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    expect(colorFor('abc')).toBe(`hsl(${hash % 360} 70% 42%)`);
  });

  it('accepts only plain colours and adds alpha', () => {
    expect(isSafeColor('hsl(120 70% 42%)')).toBe(true);
    expect(isSafeColor('#12abef')).toBe(true);
    expect(isSafeColor('red; background:url(x)')).toBe(false);
    expect(withAlpha('#112233', 0.5)).toBe('#11223380');
    expect(withAlpha('hsl(120 70% 42%)', 0.15)).toBe('hsl(120 70% 42% / 0.15)');
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
