import { demoPlanningRoundParameters } from '@zhospar/prisma';
import { PERIOD_PARAMETERS } from '@zhospar/sheets';
import { describe, expect, it } from 'vitest';
import { periodParametersOf } from './periodParameters.ts';

describe('periodParametersOf', () => {
  const parameters = periodParametersOf(demoPlanningRoundParameters, 2027);

  it('turns stored fractions into the percentage points templates use', () => {
    // 0.06 × 100 = 6 %, 0.05 × 100 = 5 %, 0.03 × 100 = 3 %
    expect(parameters['social_tax_rate']).toBe(6);
    expect(parameters['social_contribution_rate']).toBe(5);
    expect(parameters['medical_insurance_rate']).toBe(3);
  });

  it('maps calendar-year inflation to plan-year slots: 2028 is y2 and 2029 is y3 of a round starting 2027', () => {
    expect(parameters['inflation.140.y2']).toBe(1.055);
    expect(parameters['inflation.140.y3']).toBe(1.05);
  });

  it('gives every parameter the templates declare', () => {
    const missing = PERIOD_PARAMETERS.map((p) => p.id).filter((id) => parameters[id] === undefined);
    expect(missing).toEqual([]);
  });
});
