import type { PlanningRoundParameters } from '@zhospar/prisma';
import type { PeriodParameters } from '@zhospar/sheets';

/**
 * Translates a planning round's stored parameters (rates as fractions, inflation per calendar
 * year) into the ids templates reference (`sheets` PERIOD_PARAMETERS: rates in percentage points,
 * inflation per plan-year slot y2/y3). `firstPlanYear` is plan year 1 of the round.
 */
export function periodParametersOf(stored: PlanningRoundParameters, firstPlanYear: number): PeriodParameters {
  const percent = (fraction: number): number => Math.round(fraction * 100 * 1e9) / 1e9;
  const parameters: Record<string, number> = {
    social_tax_rate: percent(stored.socialTaxRate.value),
    social_contribution_rate: percent(stored.socialContributionsRate.value),
    medical_insurance_rate: percent(stored.medicalInsuranceRate.value),
    social_contribution_cap_mzp: stored.socialContributionsCapMzp.value,
    medical_insurance_cap_mzp: stored.medicalInsuranceCapMzp.value,
    mrp: stored.mrp.value,
    min_wage: stored.minimumWage.value,
    base_salary: stored.baseOfficialSalary.value,
  };
  for (const [subclass, byYear] of Object.entries(stored.inflationCoefficients.bySubclass)) {
    const year2 = byYear[String(firstPlanYear + 1)];
    const year3 = byYear[String(firstPlanYear + 2)];
    if (year2 !== undefined) parameters[`inflation.${subclass}.y2`] = year2;
    if (year3 !== undefined) parameters[`inflation.${subclass}.y3`] = year3;
  }
  return parameters;
}
