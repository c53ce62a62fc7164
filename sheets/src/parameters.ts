/**
 * Period parameters (параметры периода): rates, МРП, МЗП, БДО and inflation coefficients of a
 * planning round. Templates reference them as `$id`; values are entered per round by the authorised
 * body with their legal source. Rates are percentage points (6 = 6 %); inflation coefficients are
 * multipliers of the previous plan year (`inflation.140.y2` = year 2 / year 1).
 */
import type { PeriodParameterDef, PeriodParameters } from './types.ts';

const t = (ru: string, kk: string): { ru: string; kk: string } => ({ ru, kk });

/** Subclasses with their own inflation coefficients (110/130 salaries, 140, 150, 160, 410). */
export const INFLATION_SUBCLASSES: readonly string[] = ['110', '120', '130', '140', '150', '160', '410'];

/** Definitions of every parameter a template may reference. */
export const PERIOD_PARAMETERS: readonly PeriodParameterDef[] = [
  { id: 'social_tax_rate', title: t('Ставка социального налога', 'Әлеуметтік салық мөлшерлемесі'), valueType: 'percent', unit: 'percent' },
  { id: 'social_contribution_rate', title: t('Ставка социальных отчислений', 'Әлеуметтік аударымдар мөлшерлемесі'), valueType: 'percent', unit: 'percent' },
  { id: 'social_contribution_cap_mzp', title: t('Предел дохода для социальных отчислений, МЗП в месяц', 'Әлеуметтік аударымдар үшін табыс шегі, айына ЕТЖ'), valueType: 'quantity' },
  { id: 'medical_insurance_rate', title: t('Ставка отчислений на ОСМС', 'МӘМС аударымдарының мөлшерлемесі'), valueType: 'percent', unit: 'percent' },
  { id: 'medical_insurance_cap_mzp', title: t('Предел дохода для отчислений на ОСМС, МЗП в месяц', 'МӘМС аударымдары үшін табыс шегі, айына ЕТЖ'), valueType: 'quantity' },
  { id: 'mrp', title: t('Месячный расчетный показатель (МРП)', 'Айлық есептік көрсеткіш (АЕК)'), valueType: 'amount', unit: 'tenge' },
  { id: 'min_wage', title: t('Минимальная заработная плата (МЗП)', 'Ең төмен жалақы (ЕТЖ)'), valueType: 'amount', unit: 'tenge' },
  { id: 'base_salary', title: t('Базовый должностной оклад (БДО)', 'Базалық лауазымдық айлықақы (БЛА)'), valueType: 'amount', unit: 'tenge' },
  ...INFLATION_SUBCLASSES.flatMap((s): PeriodParameterDef[] => [
    { id: `inflation.${s}.y2`, title: t(`Коэффициент инфляции, подкласс ${s}, год 2 к году 1`, `${s} кіші сынып, инфляция коэффициенті, 2-жыл 1-жылға`), valueType: 'quantity', unit: 'coefficient' },
    { id: `inflation.${s}.y3`, title: t(`Коэффициент инфляции, подкласс ${s}, год 3 к году 2`, `${s} кіші сынып, инфляция коэффициенті, 3-жыл 2-жылға`), valueType: 'quantity', unit: 'coefficient' },
  ]),
];

/** Parameter definition by id. */
export function getPeriodParameter(id: string): PeriodParameterDef | undefined {
  return PERIOD_PARAMETERS.find((p) => p.id === id);
}

/**
 * ILLUSTRATIVE values for demos and tests (not a legal source): a planning round made in 2026.
 * Real values are entered per round by the authorised body.
 */
export const DEMO_PARAMETERS: PeriodParameters = {
  social_tax_rate: 6,
  social_contribution_rate: 5,
  social_contribution_cap_mzp: 7,
  medical_insurance_rate: 3,
  medical_insurance_cap_mzp: 40,
  mrp: 4325,
  min_wage: 85000,
  base_salary: 20000,
  ...Object.fromEntries(INFLATION_SUBCLASSES.flatMap((s) => [[`inflation.${s}.y2`, 1.05], [`inflation.${s}.y3`, 1.04]])),
};
