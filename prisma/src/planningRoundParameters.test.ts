import { describe, expect, it } from 'vitest';
import { demoPlanningRoundParameters, parsePlanningRoundParameters } from './planningRoundParameters.ts';

describe('planning round parameters', () => {
  it('accepts the demo parameters, every value marked illustrative with a legal source', () => {
    const parsed = parsePlanningRoundParameters(JSON.parse(JSON.stringify(demoPlanningRoundParameters)));
    expect(parsed).toEqual(demoPlanningRoundParameters);
    for (const key of ['socialTaxRate', 'mrp', 'minimumWage', 'baseOfficialSalary'] as const) {
      expect(parsed[key].illustrative).toBe(true);
      expect(parsed[key].legalSource.length).toBeGreaterThan(10);
    }
  });

  it('names the first bad field', () => {
    const broken = { ...demoPlanningRoundParameters, mrp: { ...demoPlanningRoundParameters.mrp, value: 'many' } };
    expect(() => parsePlanningRoundParameters(broken)).toThrow(/parameters\.mrp\.value/);
    expect(() => parsePlanningRoundParameters(null)).toThrow(/parameters must be an object/);
  });
});
