// The parameters of a planning round, stored as JSON in PlanningRound.parameters (DOMAIN.md §3.1:
// rates are parameters of the round, never constants in formulas). Every value carries its legal
// source; values entered for the demo say `illustrative: true` and must not be relied on.

/** One numeric parameter with where it comes from. */
export interface ParameterValue {
  value: number;
  /** `fraction`: 0.06 means 6 %; `tenge`: amount in тенге; `coefficient`: a multiplier. */
  unit: 'fraction' | 'tenge' | 'coefficient';
  /** The act (and article) that sets the value. */
  legalSource: string;
  /** True when the value was entered for demonstration and not checked against the act. */
  illustrative: boolean;
}

/**
 * Inflation coefficients used to fill plan years 2 and 3 from year 1, per subclass of the economic
 * classification (`110`, `130`, `140`, `150`, `160`), per plan year (`"2028"`): year N = year N−1 × k.
 */
export interface InflationCoefficients {
  bySubclass: Record<string, Record<string, number>>;
  legalSource: string;
  illustrative: boolean;
}

export interface PlanningRoundParameters {
  schemaVersion: 1;
  /** Социальный налог. */
  socialTaxRate: ParameterValue;
  /** Социальные отчисления в ГФСС. */
  socialContributionsRate: ParameterValue;
  /** Отчисления на ОСМС (employer). */
  medicalInsuranceRate: ParameterValue;
  /** Месячный расчетный показатель (МРП), тенге. */
  mrp: ParameterValue;
  /** Минимальная заработная плата (МЗП), тенге per month. */
  minimumWage: ParameterValue;
  /** Базовый должностной оклад (БДО), тенге. */
  baseOfficialSalary: ParameterValue;
  /** Предел дохода для социальных отчислений, в МЗП в месяц (a `coefficient`). */
  socialContributionsCapMzp: ParameterValue;
  /** Предел дохода для отчислений на ОСМС, в МЗП в месяц (a `coefficient`). */
  medicalInsuranceCapMzp: ParameterValue;
  inflationCoefficients: InflationCoefficients;
}

const illustrative = true;

/** Parameters of the demo 2027–2029 round. ILLUSTRATIVE values: check each against its act before real use. */
export const demoPlanningRoundParameters: PlanningRoundParameters = {
  schemaVersion: 1,
  socialTaxRate: {
    value: 0.06,
    unit: 'fraction',
    legalSource: 'Налоговый кодекс Республики Казахстан (редакция, действующая с 1 января 2026 года), социальный налог',
    illustrative,
  },
  socialContributionsRate: {
    value: 0.05,
    unit: 'fraction',
    legalSource: 'Социальный кодекс Республики Казахстан от 20 апреля 2023 года, ставка социальных отчислений',
    illustrative,
  },
  medicalInsuranceRate: {
    value: 0.03,
    unit: 'fraction',
    legalSource: 'Закон РК от 16 ноября 2015 года «Об обязательном социальном медицинском страховании», ст. 27',
    illustrative,
  },
  mrp: {
    value: 4325,
    unit: 'tenge',
    legalSource: 'Закон РК о республиканском бюджете на 2026–2028 годы, статья о размере МРП',
    illustrative,
  },
  minimumWage: {
    value: 85000,
    unit: 'tenge',
    legalSource: 'Закон РК о республиканском бюджете на 2026–2028 годы, статья о размере МЗП',
    illustrative,
  },
  baseOfficialSalary: {
    value: 17697,
    unit: 'tenge',
    legalSource: 'Закон РК о республиканском бюджете, статья о размере базового должностного оклада',
    illustrative,
  },
  socialContributionsCapMzp: {
    value: 7,
    unit: 'coefficient',
    legalSource: 'Социальный кодекс Республики Казахстан, предельный доход для исчисления социальных отчислений',
    illustrative,
  },
  medicalInsuranceCapMzp: {
    value: 40,
    unit: 'coefficient',
    legalSource: 'Закон РК «Об обязательном социальном медицинском страховании», предельный доход для отчислений',
    illustrative,
  },
  inflationCoefficients: {
    bySubclass: {
      '110': { '2028': 1.0, '2029': 1.0 },
      '120': { '2028': 1.0, '2029': 1.0 },
      '130': { '2028': 1.0, '2029': 1.0 },
      '140': { '2028': 1.055, '2029': 1.05 },
      '150': { '2028': 1.055, '2029': 1.05 },
      '160': { '2028': 1.055, '2029': 1.05 },
      '410': { '2028': 1.055, '2029': 1.05 },
    },
    legalSource: 'Прогноз социально-экономического развития Республики Казахстан на 2027–2031 годы (демо)',
    illustrative,
  },
};

const VALUE_KEYS = [
  'socialTaxRate',
  'socialContributionsRate',
  'medicalInsuranceRate',
  'mrp',
  'minimumWage',
  'baseOfficialSalary',
  'socialContributionsCapMzp',
  'medicalInsuranceCapMzp',
] as const;

/**
 * Checks JSON read from PlanningRound.parameters and returns it typed; throws naming the first bad
 * field, so a malformed round fails loudly instead of feeding NaN into formulas.
 */
export function parsePlanningRoundParameters(json: unknown): PlanningRoundParameters {
  const object = asRecord(json, 'parameters');
  if (object['schemaVersion'] !== 1) throw new Error('parameters.schemaVersion must be 1');
  for (const key of VALUE_KEYS) {
    const entry = asRecord(object[key], `parameters.${key}`);
    if (typeof entry['value'] !== 'number' || !Number.isFinite(entry['value'])) {
      throw new Error(`parameters.${key}.value must be a finite number`);
    }
    if (!['fraction', 'tenge', 'coefficient'].includes(String(entry['unit']))) {
      throw new Error(`parameters.${key}.unit is invalid`);
    }
    if (typeof entry['legalSource'] !== 'string' || entry['legalSource'] === '') {
      throw new Error(`parameters.${key}.legalSource is required`);
    }
    if (typeof entry['illustrative'] !== 'boolean') throw new Error(`parameters.${key}.illustrative must be boolean`);
  }
  const inflation = asRecord(object['inflationCoefficients'], 'parameters.inflationCoefficients');
  const bySubclass = asRecord(inflation['bySubclass'], 'parameters.inflationCoefficients.bySubclass');
  for (const [subclass, years] of Object.entries(bySubclass)) {
    for (const [year, k] of Object.entries(asRecord(years, `inflation ${subclass}`))) {
      if (typeof k !== 'number' || !(k > 0)) throw new Error(`inflation coefficient ${subclass}/${year} must be > 0`);
    }
  }
  if (typeof inflation['legalSource'] !== 'string') throw new Error('inflationCoefficients.legalSource is required');
  return json as PlanningRoundParameters;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be an object`);
  return value as Record<string, unknown>;
}
