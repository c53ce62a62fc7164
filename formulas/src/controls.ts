/**
 * Controls (форматно-логический контроль): checks over computed values. Each failure names its rule
 * (`id`), severity (error blocks submission, warning informs), ru/kk message and the cells it concerns.
 *
 * Rules:
 * - `value.error` (error): a calculated cell evaluates to an error (#DIV/0!, #VALUE!…);
 * - `value.negative` (error): a negative amount or quantity in a budget request or financing plan;
 * - `form.required` (warning): a populated row misses a required input;
 * - `form.total` (error): a totals row differs from the sum of its rows;
 * - `fp.annual-months` (error): financing plan, annual amount ≠ Σ 12 months (per row and «Всего»);
 * - `br.summary-form` (error): a summary line ≠ its calculation form's total;
 * - `fp.obligations-payments` (error): annual obligations ≠ annual payments per program/subprogram/specific;
 * - `fp.cumulative` (error): cumulative obligations (Jan…m) < cumulative payments (Jan…m) for some month m;
 * - `br.limit` (error): the request's total for plan year k exceeds the limit `$ext.limit.plan<k>`;
 * - configurable cross-form checks (`CrossCheck`, PKFO defaults in `DEFAULT_PKFO_CHECKS`).
 */
import { MONTH_COLUMNS, parseFormula } from '@zhospar/sheets';
import type { LocalizedText, SheetTemplate } from '@zhospar/sheets';
import type { DocumentEngine } from './createDocumentEngine.ts';
import type { CellAddress, CellValue, ControlOptions, ControlResult, CrossCheck, ExternalValues, Severity } from './types.ts';

/** Default PKFO cross-form checks (standard accrual logic; DOMAIN.md §3.4). */
export const DEFAULT_PKFO_CHECKS: readonly CrossCheck[] = [
  {
    id: 'pkfo.net-assets',
    severity: 'error',
    message: {
      ru: 'Чистые активы на конец периода (ПКФО-4, стр. 100) не равны стр. 500 ПКФО-1',
      kk: 'Кезең соңындағы таза активтер (ПШҚЕ-4, 100-жол) ПШҚЕ-1 500-жолына тең емес',
    },
    left: { sheetId: 'pkfo4', rowId: 'r100' },
    right: { sheetId: 'pkfo1', rowId: 'r500' },
  },
  {
    id: 'pkfo.cash',
    severity: 'error',
    message: {
      ru: 'Денежные средства на конец периода (ПКФО-3, стр. 930) не равны стр. 010 ПКФО-1',
      kk: 'Кезең соңындағы ақша қаражаты (ПШҚЕ-3, 930-жол) ПШҚЕ-1 010-жолына тең емес',
    },
    left: { sheetId: 'pkfo3', rowId: 'r930' },
    right: { sheetId: 'pkfo1', rowId: 'r010' },
  },
  {
    id: 'pkfo.result',
    severity: 'error',
    message: {
      ru: 'Финансовый результат (ПКФО-2, стр. 300) не равен стр. 050 ПКФО-4',
      kk: 'Қаржылық нәтиже (ПШҚЕ-2, 300-жол) ПШҚЕ-4 050-жолына тең емес',
    },
    left: { sheetId: 'pkfo2', rowId: 'r300' },
    right: { sheetId: 'pkfo4', rowId: 'r050' },
  },
];

const num = (v: CellValue): number => (typeof v === 'number' ? v : 0);
const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();

interface Ctx {
  out: ControlResult[];
  tol: number;
}

function fail(ctx: Ctx, id: string, severity: Severity, message: LocalizedText, cells: CellAddress[]): void {
  const key = `${id}:${cells.map((c) => `${c.sheetId}/${c.rowId}/${c.colId}`).join(',')}`;
  ctx.out.push({ id, key, severity, message, cells });
}

function isAggregateOf(formula: string | undefined): string | undefined {
  return formula ? /^SUM\(\{\*\.([A-Za-z0-9_-]+)\}\)$/.exec(formula.replace(/\s+/g, ''))?.[1] : undefined;
}

function checkSheet(engine: DocumentEngine, sheetId: string, tpl: SheetTemplate, ctx: Ctx): void {
  const values = engine.getSheetValues(sheetId);
  const dynamic = new Set(engine.getRows(sheetId));
  const cols = new Map(tpl.columns.map((c) => [c.id, c]));
  const fixed = new Map(tpl.rows.flatMap((r) => (r.kind === 'fixed' ? [[r.id, r] as const] : [])));
  const signed = tpl.documentKind === 'budget-request' || tpl.documentKind === 'financing-plan';
  const at = (rowId: string, colId: string): CellAddress => ({ sheetId, rowId, colId });

  for (const { rowId, values: vals } of values.rows) {
    const populated = !dynamic.has(rowId) || tpl.columns.some((c) => c.kind === 'input' && engine.getInput(at(rowId, c.id)) !== undefined);
    for (const [colId, v] of Object.entries(vals)) {
      const c = cols.get(colId);
      if (!c) continue;
      if (typeof v === 'object' && v !== null && populated) {
        fail(ctx, 'value.error', 'error', { ru: `Ошибка вычисления (${v.error})`, kk: `Есептеу қатесі (${v.error})` }, [at(rowId, colId)]);
      }
      if (signed && typeof v === 'number' && v < -ctx.tol && (c.valueType === 'amount' || c.valueType === 'quantity')) {
        fail(ctx, 'value.negative', 'error', { ru: 'Отрицательное значение недопустимо', kk: 'Теріс мән жол берілмейді' }, [at(rowId, colId)]);
      }
    }
    if (dynamic.has(rowId) && populated) {
      const missing = tpl.columns.filter((c) => c.required && c.kind === 'input' && engine.getInput(at(rowId, c.id)) === undefined);
      if (missing.length > 0) {
        fail(
          ctx,
          'form.required',
          'warning',
          {
            ru: `Не заполнены обязательные графы: ${missing.map((c) => c.title.ru).join(', ')}`,
            kk: `Міндетті бағандар толтырылмаған: ${missing.map((c) => c.title.kk).join(', ')}`,
          },
          missing.map((c) => at(rowId, c.id)),
        );
      }
    }
  }

  // Totals rows: recompute SUM({*.col}) independently.
  for (const r of fixed.values()) {
    if (r.role !== 'total') continue;
    for (const [colId, f] of Object.entries(r.formulas ?? {})) {
      const src = isAggregateOf(f);
      if (!src) continue;
      let sum = 0;
      for (const id of dynamic) sum += num(engine.getValue(at(id, src)));
      const total = engine.getValue(at(r.id, colId));
      if (typeof total === 'number' && Math.abs(total - sum) > ctx.tol) {
        fail(ctx, 'form.total', 'error', { ru: `Итог ${fmt(total)} не равен сумме строк ${fmt(sum)}`, kk: `Жиыны ${fmt(total)} жолдар сомасына ${fmt(sum)} тең емес` }, [at(r.id, colId)]);
      }
    }
  }

  // Financing plan: annual = Σ 12 months.
  if (cols.has('annual') && cols.has('months_sum')) {
    for (const { rowId } of values.rows) {
      const annual = num(engine.getValue(at(rowId, 'annual')));
      const months = num(engine.getValue(at(rowId, 'months_sum')));
      if (Math.abs(annual - months) > ctx.tol) {
        fail(
          ctx,
          'fp.annual-months',
          'error',
          {
            ru: `Сумма на год ${fmt(annual)} не равна сумме по месяцам ${fmt(months)}`,
            kk: `Жылдық сома ${fmt(annual)} айлар бойынша сомаға ${fmt(months)} тең емес`,
          },
          [at(rowId, 'annual'), at(rowId, 'months_sum')],
        );
      }
    }
  }

  // Summary lines = form totals: every fixed-row formula that is a single cross-sheet reference.
  for (const r of fixed.values()) {
    for (const [colId, f] of Object.entries(r.formulas ?? {})) {
      const p = parseFormula(f);
      if (!p.ok || p.node.type !== 'ref' || !p.node.ref.sheet || p.node.ref.row.kind !== 'fixed') continue;
      const target: CellAddress = { sheetId: p.node.ref.sheet, rowId: p.node.ref.row.id, colId: p.node.ref.col };
      const mine = num(engine.getValue(at(r.id, colId)));
      const theirs = num(engine.getValue(target));
      if (Math.abs(mine - theirs) > ctx.tol) {
        fail(
          ctx,
          'br.summary-form',
          'error',
          {
            ru: `Строка свода ${r.code ?? r.id} (${fmt(mine)}) не равна итогу формы ${target.sheetId} (${fmt(theirs)})`,
            kk: `Жиынтық жолы ${r.code ?? r.id} (${fmt(mine)}) ${target.sheetId} нысанының жиынына (${fmt(theirs)}) тең емес`,
          },
          [at(r.id, colId), target],
        );
      }
    }
  }
}

function planKey(engine: DocumentEngine, sheetId: string, rowId: string): string {
  const get = (c: string): string => String(engine.getInput({ sheetId, rowId, colId: c }) ?? '').trim();
  return `${get('program')}/${get('subprogram')}/${get('specific')}`;
}

function checkFinancingPlans(engine: DocumentEngine, ctx: Ctx): void {
  const pay = engine.templateOf('payments');
  const obl = engine.templateOf('obligations');
  if (!pay || !obl) return;
  type Acc = { annual: number; months: number[]; rows: string[] };
  const group = (sheetId: string): Map<string, Acc> => {
    const m = new Map<string, Acc>();
    for (const rowId of engine.getRows(sheetId)) {
      const key = planKey(engine, sheetId, rowId);
      if (key === '//') continue;
      const acc = m.get(key) ?? { annual: 0, months: MONTH_COLUMNS.map(() => 0), rows: [] };
      acc.annual += num(engine.getValue({ sheetId, rowId, colId: 'annual' }));
      MONTH_COLUMNS.forEach((c, i) => {
        acc.months[i] = (acc.months[i] ?? 0) + num(engine.getValue({ sheetId, rowId, colId: c }));
      });
      acc.rows.push(rowId);
      m.set(key, acc);
    }
    return m;
  };
  const p = group('payments');
  const o = group('obligations');
  const empty: Acc = { annual: 0, months: MONTH_COLUMNS.map(() => 0), rows: [] };
  for (const key of [...new Set([...o.keys(), ...p.keys()])].sort()) {
    const a = o.get(key) ?? empty;
    const b = p.get(key) ?? empty;
    const label = key.replace(/\/+$/, '').replace(/\/\//g, '/');
    const cellsFor = (colId: string): CellAddress[] => [
      ...a.rows.map((rowId) => ({ sheetId: 'obligations', rowId, colId })),
      ...b.rows.map((rowId) => ({ sheetId: 'payments', rowId, colId })),
    ];
    if (Math.abs(a.annual - b.annual) > ctx.tol) {
      fail(
        ctx,
        'fp.obligations-payments',
        'error',
        {
          ru: `${label}: годовая сумма по обязательствам ${fmt(a.annual)} не равна сумме по платежам ${fmt(b.annual)}`,
          kk: `${label}: міндеттемелер бойынша жылдық сома ${fmt(a.annual)} төлемдер бойынша сомаға ${fmt(b.annual)} тең емес`,
        },
        cellsFor('annual'),
      );
    }
    let ca = 0;
    let cb = 0;
    for (let i = 0; i < MONTH_COLUMNS.length; i++) {
      ca += a.months[i] ?? 0;
      cb += b.months[i] ?? 0;
      if (ca < cb - ctx.tol) {
        fail(
          ctx,
          'fp.cumulative',
          'error',
          {
            ru: `${label}: обязательства нарастающим итогом за ${i + 1} мес. (${fmt(ca)}) меньше платежей (${fmt(cb)})`,
            kk: `${label}: ${i + 1} айдағы өспелі жиынмен міндеттемелер (${fmt(ca)}) төлемдерден (${fmt(cb)}) аз`,
          },
          cellsFor(MONTH_COLUMNS[i] ?? ''),
        );
        break;
      }
    }
  }
}

function checkLimits(engine: DocumentEngine, externals: ExternalValues, ctx: Ctx): void {
  if (!engine.templateOf('summary')) return;
  ['plan1', 'plan2', 'plan3'].forEach((col, i) => {
    const limit = externals[`limit.${col}`];
    if (limit === undefined) return;
    const cell: CellAddress = { sheetId: 'summary', rowId: 'total', colId: col };
    const total = num(engine.getValue(cell));
    if (total > limit + ctx.tol) {
      fail(
        ctx,
        'br.limit',
        'error',
        {
          ru: `Плановый год ${i + 1}: расходы ${fmt(total)} превышают лимит ${fmt(limit)} на ${fmt(total - limit)}`,
          kk: `Жоспарлы ${i + 1}-жыл: шығыстар ${fmt(total)} лимиттен ${fmt(limit)} ${fmt(total - limit)} асады`,
        },
        [cell],
      );
    }
  });
}

function checkCross(engine: DocumentEngine, checks: readonly CrossCheck[], ctx: Ctx): void {
  for (const ch of checks) {
    const lt = engine.templateOf(ch.left.sheetId);
    const rt = engine.templateOf(ch.right.sheetId);
    if (!lt || !rt) continue;
    const shared = ch.columns ?? lt.columns.filter((c) => rt.columns.some((d) => d.id === c.id) && c.valueType === 'amount').map((c) => c.id);
    for (const colId of shared) {
      const l: CellAddress = { ...ch.left, colId };
      const r: CellAddress = { ...ch.right, colId };
      const a = num(engine.getValue(l));
      const b = num(engine.getValue(r));
      if (Math.abs(a - b) > ctx.tol) {
        fail(ctx, ch.id, ch.severity, { ru: `${ch.message.ru}: ${fmt(a)} ≠ ${fmt(b)}`, kk: `${ch.message.kk}: ${fmt(a)} ≠ ${fmt(b)}` }, [l, r]);
      }
    }
  }
}

/** Evaluates every control over the document's current values; returns the failures. */
export function evaluateControls(engine: DocumentEngine, externals: ExternalValues, opts: ControlOptions = {}): ControlResult[] {
  const ctx: Ctx = { out: [], tol: opts.tolerance ?? 0.005 };
  for (const { sheetId } of engine.listSheets()) {
    const tpl = engine.templateOf(sheetId);
    if (tpl) checkSheet(engine, sheetId, tpl, ctx);
  }
  checkFinancingPlans(engine, ctx);
  checkLimits(engine, externals, ctx);
  checkCross(engine, opts.crossChecks ?? DEFAULT_PKFO_CHECKS, ctx);
  return ctx.out;
}
