/**
 * Schema check of templates: rejects broken templates before they reach a document — unknown
 * references (columns, rows, sheets, parameters, functions), calculated cells without a formula,
 * formulas on input cells, ranges outside aggregates, and cycles (within a sheet and across the
 * sheets of a document).
 */
import { PERIOD_PARAMETERS } from '../parameters.ts';
import { listTemplates } from '../registry.ts';
import type { DocumentSheetRef, SheetTemplate } from '../types.ts';
import { AGGREGATE_FUNCTIONS, FORMULA_FUNCTIONS, parseFormula, walkFormula } from './parseFormula.ts';
import type { CellRef, FormulaNode } from './parseFormula.ts';

export type TemplateIssueCode =
  | 'duplicate-id'
  | 'multiple-dynamic'
  | 'parse'
  | 'unknown-function'
  | 'unknown-column'
  | 'unknown-row'
  | 'unknown-sheet'
  | 'unknown-parameter'
  | 'no-dynamic-rows'
  | 'range-outside-aggregate'
  | 'bad-range'
  | 'missing-formula'
  | 'formula-on-input'
  | 'cycle';

/** One problem found in a template. */
export interface TemplateIssue {
  code: TemplateIssueCode;
  templateId: string;
  /** Sheet id when checking a document. */
  sheetId?: string;
  /** Row id (`*` for the dynamic rows) and column of the offending formula cell. */
  rowId?: string;
  colId?: string;
  message: string;
}

/** Where a formula lives: a fixed row or the dynamic rows (`*`), and a column. */
export interface FormulaSite {
  rowId: string;
  colId: string;
  source: string;
}

/** Every formula of a template with the cell class it applies to (dynamic rows = `*`). */
export function formulaSites(template: SheetTemplate): FormulaSite[] {
  const out: FormulaSite[] = [];
  const hasDynamic = template.rows.some((r) => r.kind === 'dynamic');
  for (const c of template.columns) {
    if (c.kind !== 'calculated') continue;
    if (hasDynamic && c.formula) out.push({ rowId: '*', colId: c.id, source: c.formula });
    for (const r of template.rows) {
      if (r.kind !== 'fixed' || r.role !== 'input') continue;
      const f = r.formulas?.[c.id] ?? c.formula;
      if (f) out.push({ rowId: r.id, colId: c.id, source: f });
    }
  }
  for (const r of template.rows) {
    if (r.kind !== 'fixed' || r.role === 'input') continue;
    for (const [colId, f] of Object.entries(r.formulas ?? {})) out.push({ rowId: r.id, colId, source: f });
  }
  return out;
}

interface Options {
  /** Resolves a sheet id of the document to its template (for cross-sheet references). */
  sheetTemplate?: (sheetId: string) => SheetTemplate | undefined;
  /** Known parameter ids; defaults to `PERIOD_PARAMETERS`. */
  parameters?: ReadonlySet<string>;
}

type Node = string; // `${sheetId}|${rowId}|${colId}`

function checkOne(
  template: SheetTemplate,
  sheetId: string,
  opts: Options,
  issues: TemplateIssue[],
  edges: Map<Node, Node[]>,
): void {
  const base = { templateId: template.id, ...(opts.sheetTemplate ? { sheetId } : {}) };
  const push = (code: TemplateIssueCode, message: string, rowId?: string, colId?: string): void => {
    issues.push({ code, ...base, ...(rowId ? { rowId } : {}), ...(colId ? { colId } : {}), message });
  };
  const cols = new Map(template.columns.map((c) => [c.id, c]));
  if (cols.size !== template.columns.length) push('duplicate-id', 'duplicate column id');
  const fixed = new Map<string, Extract<SheetTemplate['rows'][number], { kind: 'fixed' }>>();
  let dynamicCount = 0;
  for (const r of template.rows) {
    if (r.kind === 'dynamic') dynamicCount++;
    else {
      if (fixed.has(r.id)) push('duplicate-id', `duplicate row id ${r.id}`, r.id);
      fixed.set(r.id, r);
    }
  }
  if (dynamicCount > 1) push('multiple-dynamic', 'at most one dynamic rows block');
  const params = opts.parameters ?? new Set(PERIOD_PARAMETERS.map((p) => p.id));

  // Calculated cells without formulas; formulas on input cells; row formulas on unknown columns.
  for (const c of template.columns) {
    if (c.kind !== 'calculated') continue;
    if (dynamicCount > 0 && !c.formula) push('missing-formula', `calculated column ${c.id} has no formula for the dynamic rows`, '*', c.id);
    for (const r of fixed.values()) {
      if (r.role === 'input' && !c.formula && !r.formulas?.[c.id]) {
        push('missing-formula', `calculated cell ${r.id}.${c.id} has no formula`, r.id, c.id);
      }
    }
  }
  for (const r of fixed.values()) {
    for (const colId of Object.keys(r.formulas ?? {})) {
      const c = cols.get(colId);
      if (!c) push('unknown-column', `row ${r.id} has a formula for unknown column ${colId}`, r.id, colId);
      else if (r.role === 'input' && c.kind === 'input') push('formula-on-input', `input cell ${r.id}.${colId} has a formula`, r.id, colId);
      else if (r.role === 'heading') push('formula-on-input', `heading row ${r.id} may not hold formulas`, r.id, colId);
    }
  }
  for (const c of template.columns) if (c.kind === 'input' && c.formula) push('formula-on-input', `input column ${c.id} has a formula`, undefined, c.id);

  const resolveRef = (ref: CellRef, site: FormulaSite): Node | undefined => {
    let tpl = template;
    let sid = sheetId;
    if (ref.sheet !== undefined && ref.sheet !== sheetId) {
      const other = opts.sheetTemplate?.(ref.sheet);
      if (!other) {
        push('unknown-sheet', `unknown sheet ${ref.sheet}`, site.rowId, site.colId);
        return undefined;
      }
      tpl = other;
      sid = ref.sheet;
    }
    if (!tpl.columns.some((c) => c.id === ref.col)) {
      push('unknown-column', `unknown column ${ref.sheet ? ref.sheet + '!' : ''}${ref.col}`, site.rowId, site.colId);
      return undefined;
    }
    let row: string;
    if (ref.row.kind === 'same') row = site.rowId;
    else if (ref.row.kind === 'dynamic') {
      if (!tpl.rows.some((r) => r.kind === 'dynamic')) {
        push('no-dynamic-rows', `{${ref.sheet ? ref.sheet + '!' : ''}*.${ref.col}}: the sheet has no dynamic rows`, site.rowId, site.colId);
        return undefined;
      }
      row = '*';
    } else {
      const id = ref.row.id;
      if (!tpl.rows.some((r) => r.kind === 'fixed' && r.id === id)) {
        push('unknown-row', `unknown row ${ref.sheet ? ref.sheet + '!' : ''}${id}`, site.rowId, site.colId);
        return undefined;
      }
      row = id;
    }
    return `${sid}|${row}|${ref.col}`;
  };

  for (const site of formulaSites(template)) {
    const parsed = parseFormula(site.source);
    if (!parsed.ok) {
      push('parse', `${parsed.error} at ${parsed.position} in "${site.source}"`, site.rowId, site.colId);
      continue;
    }
    const from = `${sheetId}|${site.rowId}|${site.colId}`;
    const deps: Node[] = edges.get(from) ?? [];
    edges.set(from, deps);
    const addDep = (n: Node | undefined): void => {
      if (n) deps.push(n);
    };
    walkFormula(parsed.node, (n: FormulaNode, parent) => {
      const inAggregate = parent?.type === 'call' && AGGREGATE_FUNCTIONS.has(parent.name);
      switch (n.type) {
        case 'call':
          if (!FORMULA_FUNCTIONS.has(n.name)) push('unknown-function', `unknown function ${n.name}`, site.rowId, site.colId);
          break;
        case 'param':
          if (!params.has(n.id)) push('unknown-parameter', `unknown parameter $${n.id}`, site.rowId, site.colId);
          break;
        case 'ref':
          if (n.ref.row.kind === 'dynamic' && !inAggregate) {
            push('range-outside-aggregate', `{*.${n.ref.col}} is a range; use it inside SUM/AVERAGE/MIN/MAX/COUNT`, site.rowId, site.colId);
          }
          addDep(resolveRef(n.ref, site));
          break;
        case 'range': {
          if (!inAggregate) push('range-outside-aggregate', 'a range must be an argument of SUM/AVERAGE/MIN/MAX/COUNT', site.rowId, site.colId);
          const { from: a, to: b } = n;
          const sameKind =
            (a.sheet ?? '') === (b.sheet ?? '') &&
            ((a.row.kind === 'fixed' && b.row.kind === 'fixed' && a.col === b.col) ||
              (a.row.kind === 'same' && b.row.kind === 'same'));
          if (!sameKind) {
            push('bad-range', 'a range joins two fixed rows of one column, or two columns of the same row', site.rowId, site.colId);
            break;
          }
          addDep(resolveRef(a, site));
          addDep(resolveRef(b, site));
          // Cells strictly between the ends (display order) are dependencies too.
          const other = a.sheet !== undefined && a.sheet !== sheetId ? opts.sheetTemplate?.(a.sheet) : template;
          const sid = a.sheet ?? sheetId;
          if (!other) break;
          if (a.row.kind === 'fixed' && b.row.kind === 'fixed') {
            const ids = other.rows.map((r) => (r.kind === 'fixed' ? r.id : '*'));
            const i = ids.indexOf(a.row.id);
            const j = ids.indexOf(b.row.id);
            if (i >= 0 && j >= 0) for (const id of ids.slice(Math.min(i, j), Math.max(i, j) + 1)) deps.push(`${sid}|${id}|${a.col}`);
          } else {
            const ids = other.columns.map((c) => c.id);
            const i = ids.indexOf(a.col);
            const j = ids.indexOf(b.col);
            if (i >= 0 && j >= 0) for (const id of ids.slice(Math.min(i, j), Math.max(i, j) + 1)) deps.push(`${sid}|${site.rowId}|${id}`);
          }
          break;
        }
        default:
          break;
      }
    });
  }
}

function findCycles(edges: Map<Node, Node[]>, issues: TemplateIssue[], templateOf: (sheetId: string) => string): void {
  const state = new Map<Node, 1 | 2>();
  const stack: Node[] = [];
  const reported = new Set<string>();
  const visit = (n: Node): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of edges.get(n) ?? []) {
      const s = state.get(d);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(d));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const [sheetId = '', rowId = '', colId = ''] = d.split('|');
          issues.push({
            code: 'cycle',
            templateId: templateOf(sheetId),
            sheetId,
            rowId,
            colId,
            message: `circular reference: ${[...cycle, d].map((x) => x.replace(/\|/g, ' ')).join(' → ')}`,
          });
        }
      } else if (s === undefined && edges.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of edges.keys()) if (!state.has(n)) visit(n);
}

/**
 * Checks one template on its own. Cross-sheet references are checked against the catalogue's
 * conventional sheet ids (`defaultSheetId`) of the same document kind unless `sheetTemplate` is given.
 * Returns no issues for a sound template.
 */
export function checkTemplate(template: SheetTemplate, opts: Options & { catalogue?: readonly SheetTemplate[] } = {}): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const edges = new Map<Node, Node[]>();
  const sheetId = template.defaultSheetId ?? 'self';
  const catalogue = opts.catalogue ?? listTemplates();
  const lookup =
    opts.sheetTemplate ??
    ((sid: string): SheetTemplate | undefined =>
      catalogue.find((c) => c.defaultSheetId === sid && (c.documentKind ?? '') === (template.documentKind ?? '')));
  checkOne(template, sheetId, { ...opts, sheetTemplate: lookup }, issues, edges);
  for (const i of issues) delete i.sheetId;
  // Only intra-sheet cycles here: cross-sheet edges lead to nodes without outgoing edges.
  findCycles(edges, issues, () => template.id);
  return issues;
}

/** Checks the templates of one document together, including cycles across sheets. */
export function checkDocumentTemplates(
  sheets: readonly DocumentSheetRef[],
  getTemplateById: (templateId: string) => SheetTemplate | undefined,
  opts: Omit<Options, 'sheetTemplate'> = {},
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const edges = new Map<Node, Node[]>();
  const bySheet = new Map<string, SheetTemplate>();
  for (const s of sheets) {
    const tpl = getTemplateById(s.templateId);
    if (tpl) bySheet.set(s.sheetId, tpl);
    else issues.push({ code: 'unknown-sheet', templateId: s.templateId, sheetId: s.sheetId, message: `unknown template ${s.templateId}` });
  }
  for (const [sheetId, tpl] of bySheet) {
    // References to sheets absent from this document are allowed (they read as empty), so resolve
    // them against the catalogue conventions through the templates present, else accept silently.
    checkOne(tpl, sheetId, { ...opts, sheetTemplate: (sid) => bySheet.get(sid) }, issues, edges);
  }
  findCycles(edges, issues, (sid) => bySheet.get(sid)?.id ?? '');
  return issues.filter((i) => i.code !== 'unknown-sheet' || !/^unknown sheet /.test(i.message));
}
