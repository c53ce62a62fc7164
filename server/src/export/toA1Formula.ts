/**
 * Translation of template formulas (stable references, sheets/README) to spreadsheet A1 formulas
 * over the export layout of `sheetPlan.ts`. It uses the same parser and printer (`parseFormula`,
 * `printFormula` of @zhospar/sheets) and the same reference rules as `formulas`' translation to
 * HyperFormula addresses, so a spreadsheet recalculating the file gets the engine's values:
 * - `{col}` → that column in the same row; `{row.col}` → the fixed row's cell;
 * - `{*.col}` → the dynamic block's range (first:last row, the placeholder row when empty);
 * - `{sheet!…}` → `'<worksheet>'!…`; a sheet absent from the document reads as `0`, like the
 *   engine's empty implicit sheets; an unknown row or column also reads `0` (engine: same);
 * - `$param`, `$ext.name` → absolute cells of the parameters sheet.
 * Functions newer than Excel 2007 must be written with the `_xlfn.` prefix in the file; none of
 * today's `FORMULA_FUNCTIONS` needs it, but a template using one gets it from {@link XLFN_FUNCTIONS}.
 */
import { parseFormula, printFormula } from '@zhospar/sheets';
import type { CellRef, FormulaNode } from '@zhospar/sheets';
import { columnLetters } from './sheetPlan.ts';
import type { SheetPlan } from './sheetPlan.ts';

/**
 * Functions stored as `_xlfn.NAME` in OOXML (added after Excel 2007). Spreadsheets show them
 * without the prefix; a file written without it shows `#NAME?` in Excel.
 */
export const XLFN_FUNCTIONS: ReadonlySet<string> = new Set([
  'IFS', 'SWITCH', 'XLOOKUP', 'XMATCH', 'CONCAT', 'TEXTJOIN', 'MAXIFS', 'MINIFS', 'IFNA', 'XOR',
  'CEILING.MATH', 'FLOOR.MATH', 'STDEV.S', 'STDEV.P', 'DAYS', 'ISOWEEKNUM', 'SHEET', 'SHEETS',
  'UNIQUE', 'SORT', 'FILTER', 'SEQUENCE', 'LET', 'LAMBDA', 'AGGREGATE',
]);

/** Placeholder for the row number in a cached per-sheet formula text. */
const ROW = '\u0000';

/** What the translation needs to know besides the sheet plans. */
export interface A1Context {
  /** Plans of the sheets present in the document, by sheet id. */
  plans: ReadonlyMap<string, SheetPlan>;
  /** Absolute reference of a period parameter (`$mrp`) or external value (`$ext.…`) cell. */
  parameterCell(key: { kind: 'param' | 'ext'; id: string }): string;
}

/** Quotes a worksheet name for a reference (`'01-144'!`). */
export function sheetPrefix(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

function withXlfn(node: FormulaNode): FormulaNode {
  switch (node.type) {
    case 'call':
      return {
        type: 'call',
        name: XLFN_FUNCTIONS.has(node.name.toUpperCase()) ? `_xlfn.${node.name}` : node.name,
        args: node.args.map(withXlfn),
      };
    case 'unary':
      return { ...node, operand: withXlfn(node.operand) };
    case 'percent':
      return { ...node, operand: withXlfn(node.operand) };
    case 'binary':
      return { ...node, left: withXlfn(node.left), right: withXlfn(node.right) };
    default:
      return node;
  }
}

/**
 * Translates formulas of one document into A1 text (without the leading `=`). Results are cached
 * per (sheet, source) with the row number left as a placeholder, so a million cells cost one
 * string join each.
 */
export class A1Translator {
  private readonly cache = new Map<string, string[]>();
  private readonly shareable = new Map<string, boolean>();

  constructor(private readonly ctx: A1Context) {}

  /** A1 formula of `source` written in `plan`'s worksheet at `excelRow`; `=NA()`-like `NA()` if unparsable. */
  translate(plan: SheetPlan, excelRow: number, source: string): string {
    const key = `${plan.sheetId}\u0001${source}`;
    let parts = this.cache.get(key);
    if (!parts) {
      parts = this.print(plan, source).split(ROW);
      this.cache.set(key, parts);
    }
    return parts.length === 1 ? (parts[0] ?? '') : parts.join(String(excelRow));
  }

  /**
   * True when the A1 text of `source` differs between rows only by the row of same-row references
   * (no fixed-row, block-range or other-sheet reference; parameters are absolute): then one shared
   * formula (OOXML `t="shared"`) can stand for a whole column of a dynamic block.
   */
  isRowRelative(plan: SheetPlan, source: string): boolean {
    const key = `${plan.sheetId}\u0001${source}`;
    let known = this.shareable.get(key);
    if (known === undefined) {
      known = true;
      this.print(plan, source, () => (known = false));
      this.shareable.set(key, known);
    }
    return known;
  }

  private print(plan: SheetPlan, source: string, notRowRelative: () => void = () => undefined): string {
    const parsed = parseFormula(source);
    if (!parsed.ok) return 'NA()';
    const cellOf = (ref: CellRef): string | undefined => {
      if (ref.sheet !== undefined || ref.row.kind !== 'same') notRowRelative();
      const target = ref.sheet !== undefined ? this.ctx.plans.get(ref.sheet) : plan;
      if (!target) return undefined;
      const col = target.colOf.get(ref.col);
      if (col === undefined) return undefined;
      const prefix = target === plan ? '' : sheetPrefix(target.name);
      const letters = columnLetters(col);
      if (ref.row.kind === 'same') return target === plan ? `${letters}${ROW}` : undefined;
      if (ref.row.kind === 'fixed') {
        const row = target.rowOf.get(ref.row.id);
        return row === undefined ? undefined : `${prefix}${letters}${row}`;
      }
      if (!target.dynamic) return undefined;
      return `${prefix}${letters}${target.dynamic.first}:${letters}${target.dynamic.last}`;
    };
    return printFormula(withXlfn(parsed.node), {
      ref: (ref) => cellOf(ref) ?? '0',
      range: (from, to) => {
        const a = cellOf(from);
        const b = cellOf(to);
        if (!a || !b) return '0';
        return `${a}:${b.includes('!') ? b.slice(b.lastIndexOf('!') + 1) : b}`;
      },
      param: (id) => this.ctx.parameterCell({ kind: 'param', id }),
      external: (name) => this.ctx.parameterCell({ kind: 'ext', id: name }),
    });
  }
}
