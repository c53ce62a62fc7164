/**
 * Individual financing plan (индивидуальный план финансирования, ИПФ) templates: by payments and by
 * obligations. One document row per program × subprogram × specific; the user enters the approved
 * annual amount and its distribution by month; `months_sum` is computed and a control checks
 * annual = Σ 12 months. Unit: тенге, or тыс. тенге when the document's header says so.
 */
import type { ColumnDef, SheetTemplate } from '../types.ts';
import { BUDGET_EXECUTION_EDITION, calc, code, money, t, totalRow } from './builders.ts';

/** Month column ids `m01` … `m12`. */
export const MONTH_COLUMNS: readonly string[] = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

const MONTHS_RU = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
const MONTHS_KK = ['Қаңтар', 'Ақпан', 'Наурыз', 'Сәуір', 'Мамыр', 'Маусым', 'Шілде', 'Тамыз', 'Қыркүйек', 'Қазан', 'Қараша', 'Желтоқсан'];

function planColumns(): ColumnDef[] {
  const byMonth = t('В том числе по месяцам', 'Оның ішінде айлар бойынша');
  return [
    code('program', t('Программа', 'Бағдарлама'), { required: true, width: 80 }),
    code('subprogram', t('Подпрограмма', 'Кіші бағдарлама'), { width: 80 }),
    code('specific', t('Специфика', 'Ерекшелік'), { required: true, width: 80 }),
    money('annual', t('Сумма на год', 'Жылдық сома'), { required: true }),
    calc('months_sum', t('Сумма по месяцам', 'Айлар бойынша сома'), MONTH_COLUMNS.map((m) => `{${m}}`).join(' + ')),
    ...MONTH_COLUMNS.map((m, i) => money(m, t(MONTHS_RU[i] ?? m, MONTHS_KK[i] ?? m), { headerPath: [byMonth], width: 110 })),
  ];
}

function plan(kind: 'payments' | 'obligations'): SheetTemplate {
  const payments = kind === 'payments';
  return {
    id: `financing-plan/${kind}@2025-07`,
    formCode: payments ? 'ИПФ-платежи' : 'ИПФ-обязательства',
    title: payments
      ? t('Индивидуальный план финансирования по платежам', 'Төлемдер бойынша қаржыландырудың жеке жоспары')
      : t('Индивидуальный план финансирования по обязательствам', 'Міндеттемелер бойынша қаржыландырудың жеке жоспары'),
    edition: BUDGET_EXECUTION_EDITION,
    documentKind: 'financing-plan',
    defaultSheetId: kind,
    header: ['year', 'dataKind', 'functionalGroup', 'abp', 'gu', 'unit'],
    columns: planColumns(),
    rows: [{ kind: 'dynamic' }, totalRow(['annual', 'months_sum', ...MONTH_COLUMNS], 'total', t('Всего', 'Барлығы'))],
  };
}

/** Financing plan by payments (план финансирования по платежам). */
export const financingPlanPayments: SheetTemplate = plan('payments');
/** Financing plan by obligations (план финансирования по обязательствам). */
export const financingPlanObligations: SheetTemplate = plan('obligations');
