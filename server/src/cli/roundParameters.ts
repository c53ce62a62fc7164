/**
 * Period parameters for the formulas engine (`$mrp`, `$social_tax_rate`, `$inflation.140.y2` …)
 * from a planning round's stored parameters (PlanningRound.parameters, prisma's
 * `PlanningRoundParameters`). Rates are stored as fractions (0.06) and used as percentage points
 * (6). Parameters the round does not store yet (the contribution caps in МЗП, inflation of
 * subclasses the round leaves out) fall back to the ILLUSTRATIVE `DEMO_PARAMETERS` and are listed
 * in `fallbacks`, so a caller can say so. The server will own this mapping once rounds carry all
 * parameters; until then the CLI uses it.
 */
import type { PlanningRoundParameters } from '@zhospar/prisma';
import { DEMO_PARAMETERS, INFLATION_SUBCLASSES } from '@zhospar/sheets';
import type { PeriodParameters } from '@zhospar/sheets';

/** Engine parameters and the ids that came from the demo values. */
export interface RoundParameters {
  parameters: PeriodParameters;
  fallbacks: string[];
}

/** Maps a round's stored parameters to engine parameters (see the file comment). */
export function roundParameters(stored: PlanningRoundParameters, firstPlanYear: number): RoundParameters {
  const points = (v: { value: number; unit: string }): number => (v.unit === 'fraction' ? Math.round(v.value * 100 * 1e9) / 1e9 : v.value);
  const out: Record<string, number> = {
    social_tax_rate: points(stored.socialTaxRate),
    social_contribution_rate: points(stored.socialContributionsRate),
    medical_insurance_rate: points(stored.medicalInsuranceRate),
    mrp: stored.mrp.value,
    min_wage: stored.minimumWage.value,
    base_salary: stored.baseOfficialSalary.value,
  };
  for (const subclass of INFLATION_SUBCLASSES) {
    const years = stored.inflationCoefficients.bySubclass[subclass];
    const y2 = years?.[String(firstPlanYear + 1)];
    const y3 = years?.[String(firstPlanYear + 2)];
    if (y2 !== undefined) out[`inflation.${subclass}.y2`] = y2;
    if (y3 !== undefined) out[`inflation.${subclass}.y3`] = y3;
  }
  const fallbacks: string[] = [];
  for (const [id, value] of Object.entries(DEMO_PARAMETERS)) {
    if (out[id] === undefined) {
      out[id] = value;
      fallbacks.push(id);
    }
  }
  return { parameters: out, fallbacks };
}
