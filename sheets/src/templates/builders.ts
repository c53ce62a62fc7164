/**
 * Small helpers for writing templates as data. Internal to the package.
 */
import type { ColumnDef, Edition, LocalizedText, RowSpec, SheetTemplate, Unit } from '../types.ts';

export function t(ru: string, kk: string): LocalizedText {
  return { ru, kk };
}

/** Budget request rules (Правила составления бюджетной заявки), Order 185 of 22.04.2025. */
export const BUDGET_REQUEST_EDITION: Edition = {
  id: 'br-2025-04',
  validFrom: '2025-04-22',
  source: t(
    'Приказ Министра финансов РК № 185 от 22.04.2025 (правила составления и представления бюджетной заявки)',
    'ҚР Қаржы министрінің 2025 жылғы 22 сәуірдегі № 185 бұйрығы (бюджеттік өтінімді жасау және ұсыну қағидалары)',
  ),
};

/** Budget execution rules (Правила исполнения бюджета), Order 339 of 02.07.2025 (replaced Order 540). */
export const BUDGET_EXECUTION_EDITION: Edition = {
  id: 'exec-2025-07',
  validFrom: '2025-07-02',
  source: t(
    'Приказ Министра финансов РК № 339 от 02.07.2025 (правила исполнения бюджета и его кассового обслуживания)',
    'ҚР Қаржы министрінің 2025 жылғы 2 шілдедегі № 339 бұйрығы (бюджеттің атқарылуы және оған кассалық қызмет көрсету қағидалары)',
  ),
};

/** PKFO layout: ours (the official layout is not public), line codes and totals per DOMAIN.md §3.4. */
export const PKFO_EDITION: Edition = {
  id: 'pkfo-2025',
  validFrom: '2025-01-01',
  source: t(
    'Макет Zhospar по кодам строк ПКФО (официальный макет не опубликован)',
    'ПШҚЕ жол кодтары бойынша Zhospar макеті (ресми макет жарияланбаған)',
  ),
};

interface ColOpts {
  unit?: Unit;
  precision?: number;
  width?: number;
  headerPath?: LocalizedText[];
  required?: boolean;
}

export function text(id: string, title: LocalizedText, opts: ColOpts = {}): ColumnDef {
  return { id, title, kind: 'input', valueType: 'text', width: 220, ...opts };
}

export function code(id: string, title: LocalizedText, opts: ColOpts = {}): ColumnDef {
  return { id, title, kind: 'input', valueType: 'code', width: 90, ...opts };
}

export function qty(id: string, title: LocalizedText, unit: Unit, precision = 0, opts: ColOpts = {}): ColumnDef {
  return { id, title, kind: 'input', valueType: 'quantity', unit, precision, width: 100, ...opts };
}

export function money(id: string, title: LocalizedText, opts: ColOpts = {}): ColumnDef {
  return { id, title, kind: 'input', valueType: 'amount', unit: 'tenge', precision: 0, width: 120, ...opts };
}

export function pct(id: string, title: LocalizedText, opts: ColOpts = {}): ColumnDef {
  return { id, title, kind: 'input', valueType: 'percent', unit: 'percent', precision: 2, width: 90, ...opts };
}

export function calc(
  id: string,
  title: LocalizedText,
  formula: string,
  valueType: ColumnDef['valueType'] = 'amount',
  opts: ColOpts = {},
): ColumnDef {
  const unit: Unit | undefined = valueType === 'amount' ? 'tenge' : undefined;
  return {
    id,
    title,
    kind: 'calculated',
    valueType,
    ...(unit ? { unit } : {}),
    precision: valueType === 'amount' ? 0 : 2,
    formula,
    width: 130,
    ...opts,
  };
}

const PLAN_HEADER = t('Сумма расходов, тенге', 'Шығыстар сомасы, теңге');

/**
 * The plan-year tail of every calculation form: `amount` (plan year 1, computed by the form),
 * and years 2–3 that are auto-filled by the subclass's inflation coefficients unless the user
 * types an override (`y2_manual`, `y3_manual`; blank = auto-fill).
 */
export function planYearColumns(amountFormula: string, subclass: string): ColumnDef[] {
  return [
    calc('amount', t('Плановый год 1', 'Жоспарлы 1-жыл'), amountFormula, 'amount', {
      headerPath: [PLAN_HEADER],
    }),
    money('y2_manual', t('Год 2, ввод вручную', '2-жыл, қолмен енгізу'), {
      headerPath: [PLAN_HEADER],
    }),
    {
      ...calc(
        'amount_y2',
        t('Плановый год 2', 'Жоспарлы 2-жыл'),
        `IF(ISBLANK({y2_manual}), ROUND({amount} * $inflation.${subclass}.y2, 0), {y2_manual})`,
        'amount',
        { headerPath: [PLAN_HEADER] },
      ),
      year: 'plan2',
    },
    money('y3_manual', t('Год 3, ввод вручную', '3-жыл, қолмен енгізу'), {
      headerPath: [PLAN_HEADER],
    }),
    {
      ...calc(
        'amount_y3',
        t('Плановый год 3', 'Жоспарлы 3-жыл'),
        `IF(ISBLANK({y3_manual}), ROUND({amount_y2} * $inflation.${subclass}.y3, 0), {y3_manual})`,
        'amount',
        { headerPath: [PLAN_HEADER] },
      ),
      year: 'plan3',
    },
  ];
}

/** Totals row that sums the given columns over the dynamic rows. */
export function totalRow(columns: string[], id = 'total', title = t('Итого', 'Жиыны')): RowSpec {
  const formulas: Record<string, string> = {};
  for (const c of columns) formulas[c] = `SUM({*.${c}})`;
  return { kind: 'fixed', id, title, role: 'total', formulas };
}

export const FORM_HEADER: NonNullable<SheetTemplate['header']> = [
  'year',
  'dataKind',
  'functionalGroup',
  'abp',
  'gu',
  'program',
  'subprogram',
  'specific',
  'unit',
];

interface CalcFormSpec {
  specific: string;
  /** Subclass for inflation auto-fill (110, 120, 140, 150, 160, 410). */
  subclass: string;
  /** Classifier name of the specific (Russian; see DOMAIN.md §3.5 on Kazakh names). */
  specificName: string;
  /** Kazakh form title ("… шығыстарының есебі"). */
  titleKk: string;
  columns: ColumnDef[];
  /** Formula of `amount` (plan year 1). */
  amountFormula: string;
  /** Further columns to total besides the plan years. */
  totals?: string[];
  /** Fixed rows after the totals row (e.g. deductions), and a replacement totals row. */
  extraRows?: RowSpec[];
  totalOverride?: RowSpec;
  note?: LocalizedText;
}

/** A budget-request calculation form (форма расчета 01-NNN) with dynamic rows and a totals row. */
export function calculationForm(spec: CalcFormSpec): SheetTemplate {
  const planCols = planYearColumns(spec.amountFormula, spec.subclass);
  const amount = planCols[0];
  if (amount) amount.year = 'plan1';
  const totals = [...(spec.totals ?? []), 'amount', 'amount_y2', 'amount_y3'];
  return {
    id: `budget-request/${spec.specific}@2025-04`,
    formCode: `01-${spec.specific}`,
    title: t(
      `Расчет расходов по специфике ${spec.specific} «${spec.specificName}»`,
      `${spec.specific} ерекшелігі бойынша шығыстардың есебі: ${spec.titleKk}`,
    ),
    edition: BUDGET_REQUEST_EDITION,
    specific: spec.specific,
    documentKind: 'budget-request',
    defaultSheetId: `f${spec.specific}`,
    header: FORM_HEADER,
    inflationSubclass: spec.subclass,
    columns: [...spec.columns, ...planCols],
    rows: [
      { kind: 'dynamic' },
      ...(spec.extraRows ?? []),
      spec.totalOverride ?? totalRow(totals),
    ],
    ...(spec.note ? { note: spec.note } : {}),
  };
}
