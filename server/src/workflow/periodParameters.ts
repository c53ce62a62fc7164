import { parsePlanningRoundParameters, type PlanningRoundParameters } from '@zhospar/prisma';
import { DEMO_PARAMETERS, INFLATION_SUBCLASSES, type PeriodParameters } from '@zhospar/sheets';

/**
 * The period parameters (параметры периода) the formulas use, from a planning round's stored
 * parameters (PlanningRound.parameters, fractions and per-year inflation) in the formulas' units
 * (rates in percentage points, inflation as `inflation.<subclass>.y2|y3`).
 *
 * Values the round does not carry yet (the ГФСС and ОСМС income caps) come from
 * `DEMO_PARAMETERS`; an inflation coefficient the round does not give is 1 (no growth). The same
 * parameters are served by `GET /api/documents/:id/controls`, so the browser computes the same values.
 */
export function periodParametersOf(stored: unknown, firstPlanYear: number): PeriodParameters {
  const round: PlanningRoundParameters = parsePlanningRoundParameters(stored);
  const points = (value: { value: number; unit: string }): number =>
    value.unit === 'fraction' ? Number((value.value * 100).toFixed(10)) : value.value;
  const result: Record<string, number> = {
    ...DEMO_PARAMETERS,
    social_tax_rate: points(round.socialTaxRate),
    social_contribution_rate: points(round.socialContributionsRate),
    medical_insurance_rate: points(round.medicalInsuranceRate),
    mrp: round.mrp.value,
    min_wage: round.minimumWage.value,
    base_salary: round.baseOfficialSalary.value,
  };
  for (const subclass of INFLATION_SUBCLASSES) {
    const years = round.inflationCoefficients.bySubclass[subclass] ?? {};
    result[`inflation.${subclass}.y2`] = years[String(firstPlanYear + 1)] ?? 1;
    result[`inflation.${subclass}.y3`] = years[String(firstPlanYear + 2)] ?? 1;
  }
  return result;
}
