import { describe, expect, it } from 'vitest';
import { parseEconomicClassification, readEconomicClassification } from './readEconomicClassification.ts';

describe('economic classification CSV', () => {
  it('parses quoted fields with commas, doubled quotes and an empty name_kk', () => {
    const csv = [
      'code,level,subclass,name_ru,name_kk,definition_ru',
      '110,subclass,,Заработная плата,,',
      '116,specific,110,"Взносы, пенсионные",,"Закон ""О пенсионном обеспечении"", ст. 1"',
    ].join('\n');
    expect(parseEconomicClassification(csv)).toEqual([
      { code: '110', level: 'SUBCLASS', subclass: null, nameRu: 'Заработная плата', nameKk: null, definitionRu: null },
      {
        code: '116',
        level: 'SPECIFIC',
        subclass: '110',
        nameRu: 'Взносы, пенсионные',
        nameKk: null,
        definitionRu: 'Закон "О пенсионном обеспечении", ст. 1',
      },
    ]);
  });

  it('rejects a specific without a subclass, naming the line', () => {
    expect(() => parseEconomicClassification('code,level,subclass,name_ru,name_kk,definition_ru\n111,specific,,X,,')).toThrow(
      /line 2/,
    );
  });

  it('reads the shipped edition: 28 subclasses, 101 specifics, each specific under a listed subclass', async () => {
    const rows = await readEconomicClassification();
    const subclasses = new Set(rows.filter((r) => r.level === 'SUBCLASS').map((r) => r.code));
    const specifics = rows.filter((r) => r.level === 'SPECIFIC');
    expect(subclasses.size).toBe(28);
    expect(specifics).toHaveLength(101);
    for (const specific of specifics) expect(subclasses.has(specific.subclass ?? '')).toBe(true);
  });
});
