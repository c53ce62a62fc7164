/**
 * Parser of template formulas written with stable references (syntax: sheets/README.md).
 *
 *   {col}              the cell of column `col` in the same row
 *   {row.col}          fixed row `row` of the same sheet
 *   {*.col}            all dynamic rows of the sheet (a range; only inside SUM/AVERAGE/MIN/MAX/COUNT)
 *   {sheet!row.col}    fixed row of another sheet of the document; `{sheet!*.col}` its dynamic rows
 *   {a.col}:{b.col}    range between two fixed rows (or `{c1}:{c2}` between columns of the same row)
 *   $param             a period parameter (`$mrp`, `$inflation.140.y2`)
 *   $ext.name          an external value (`$ext.limit.plan1`)
 * Numbers, "strings", TRUE/FALSE, + - * / ^ & = <> < > <= >=, unary minus, postfix %, and the
 * functions of `FORMULA_FUNCTIONS`.
 */

/** Which row a reference points at. */
export type RowRef = { kind: 'same' } | { kind: 'fixed'; id: string } | { kind: 'dynamic' };

/** A stable cell reference: optional sheet, row, column. */
export interface CellRef {
  sheet?: string;
  row: RowRef;
  col: string;
}

/** Formula syntax tree. */
export type FormulaNode =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'ref'; ref: CellRef }
  | { type: 'range'; from: CellRef; to: CellRef }
  | { type: 'param'; id: string }
  | { type: 'external'; name: string }
  | { type: 'call'; name: string; args: FormulaNode[] }
  | { type: 'unary'; op: '-' | '+'; operand: FormulaNode }
  | { type: 'percent'; operand: FormulaNode }
  | { type: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';

/** Functions templates may use (all exist in HyperFormula and in spreadsheet exports). */
export const FORMULA_FUNCTIONS: ReadonlySet<string> = new Set([
  'SUM', 'AVERAGE', 'MIN', 'MAX', 'COUNT', 'ROUND', 'ROUNDUP', 'ROUNDDOWN', 'ABS',
  'IF', 'IFERROR', 'AND', 'OR', 'NOT', 'ISBLANK',
]);

/** Functions that accept ranges (`{*.col}`, `{a.col}:{b.col}`). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['SUM', 'AVERAGE', 'MIN', 'MAX', 'COUNT']);

/** Result of parsing: a tree or an error with its position. */
export type ParseResult = { ok: true; node: FormulaNode } | { ok: false; error: string; position: number };

const ID = /^[A-Za-z0-9_-]+$/;
const PARAM = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/;

type Tok =
  | { k: 'num'; v: number; p: number }
  | { k: 'str'; v: string; p: number }
  | { k: 'ref'; v: CellRef; p: number }
  | { k: 'param'; v: string; p: number }
  | { k: 'ident'; v: string; p: number }
  | { k: 'op'; v: string; p: number }
  | { k: 'end'; p: number };

class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function parseRef(body: string, p: number): CellRef {
  let sheet: string | undefined;
  let rest = body;
  const bang = body.indexOf('!');
  if (bang >= 0) {
    sheet = body.slice(0, bang);
    rest = body.slice(bang + 1);
    if (!ID.test(sheet)) throw new FormulaSyntaxError(`bad sheet id in {${body}}`, p);
  }
  const parts = rest.split('.');
  if (parts.length === 1) {
    const col = parts[0] ?? '';
    if (sheet !== undefined) throw new FormulaSyntaxError(`a reference to another sheet needs a row: {${body}}`, p);
    if (!ID.test(col)) throw new FormulaSyntaxError(`bad column id in {${body}}`, p);
    return { row: { kind: 'same' }, col };
  }
  if (parts.length !== 2) throw new FormulaSyntaxError(`bad reference {${body}}`, p);
  const [row = '', col = ''] = parts;
  if (!ID.test(col)) throw new FormulaSyntaxError(`bad column id in {${body}}`, p);
  if (row !== '*' && !ID.test(row)) throw new FormulaSyntaxError(`bad row id in {${body}}`, p);
  const rowRef: RowRef = row === '*' ? { kind: 'dynamic' } : { kind: 'fixed', id: row };
  return sheet === undefined ? { row: rowRef, col } : { sheet, row: rowRef, col };
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new FormulaSyntaxError('bad number', i);
      out.push({ k: 'num', v: Number(m[0]), p: i });
      i += m[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError('unterminated string', i);
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ k: 'str', v: s, p: i });
      i = j + 1;
      continue;
    }
    if (ch === '{') {
      const j = src.indexOf('}', i);
      if (j < 0) throw new FormulaSyntaxError('unterminated reference', i);
      out.push({ k: 'ref', v: parseRef(src.slice(i + 1, j).trim(), i), p: i });
      i = j + 1;
      continue;
    }
    if (ch === '$') {
      const m = PARAM.exec(src.slice(i + 1));
      if (!m) throw new FormulaSyntaxError('bad parameter name', i);
      out.push({ k: 'param', v: m[0], p: i });
      i += 1 + m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
      const word = m?.[0] ?? ch;
      out.push({ k: 'ident', v: word, p: i });
      i += word.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ k: 'op', v: two, p: i });
      i += 2;
      continue;
    }
    if ('+-*/^&=<>(),:%'.includes(ch)) {
      out.push({ k: 'op', v: ch, p: i });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected character '${ch}'`, i);
  }
  out.push({ k: 'end', p: src.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i] ?? { k: 'end', p: 0 };
  }
  private next(): Tok {
    const t = this.peek();
    this.i++;
    return t;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.v === v;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.k !== 'op' || t.v !== v) throw new FormulaSyntaxError(`expected '${v}'`, t.p);
  }

  parseAll(): FormulaNode {
    const n = this.comparison();
    const t = this.peek();
    if (t.k !== 'end') throw new FormulaSyntaxError('unexpected input', t.p);
    return n;
  }

  private binaryLevel(ops: string[], sub: () => FormulaNode): FormulaNode {
    let left = sub();
    for (;;) {
      const t = this.peek();
      if (t.k === 'op' && ops.includes(t.v)) {
        this.next();
        left = { type: 'binary', op: t.v as BinaryOp, left, right: sub() };
      } else return left;
    }
  }
  private comparison(): FormulaNode {
    return this.binaryLevel(['=', '<>', '<', '>', '<=', '>='], () => this.concat());
  }
  private concat(): FormulaNode {
    return this.binaryLevel(['&'], () => this.additive());
  }
  private additive(): FormulaNode {
    return this.binaryLevel(['+', '-'], () => this.term());
  }
  private term(): FormulaNode {
    return this.binaryLevel(['*', '/'], () => this.power());
  }
  private power(): FormulaNode {
    return this.binaryLevel(['^'], () => this.unary());
  }
  private unary(): FormulaNode {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next() as { v: '-' | '+' };
      return { type: 'unary', op: op.v, operand: this.unary() };
    }
    let n = this.primary();
    while (this.isOp('%')) {
      this.next();
      n = { type: 'percent', operand: n };
    }
    return n;
  }
  private primary(): FormulaNode {
    const t = this.next();
    switch (t.k) {
      case 'num':
        return { type: 'number', value: t.v };
      case 'str':
        return { type: 'string', value: t.v };
      case 'param':
        return t.v.startsWith('ext.') ? { type: 'external', name: t.v.slice(4) } : { type: 'param', id: t.v };
      case 'ref': {
        if (this.isOp(':')) {
          this.next();
          const to = this.next();
          if (to.k !== 'ref') throw new FormulaSyntaxError('a range needs a reference after ":"', to.p);
          return { type: 'range', from: t.v, to: to.v };
        }
        return { type: 'ref', ref: t.v };
      }
      case 'ident': {
        const upper = t.v.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { type: 'bool', value: upper === 'TRUE' };
        this.expect('(');
        const args: FormulaNode[] = [];
        if (!this.isOp(')')) {
          for (;;) {
            args.push(this.comparison());
            if (this.isOp(',')) {
              this.next();
              continue;
            }
            break;
          }
        }
        this.expect(')');
        return { type: 'call', name: upper, args };
      }
      case 'op':
        if (t.v === '(') {
          const n = this.comparison();
          this.expect(')');
          return n;
        }
        throw new FormulaSyntaxError(`unexpected '${t.v}'`, t.p);
      case 'end':
        throw new FormulaSyntaxError('unexpected end of formula', t.p);
    }
  }
}

/** Parses a stable-reference formula (without a leading `=`). */
export function parseFormula(source: string): ParseResult {
  try {
    const src = source.startsWith('=') ? source.slice(1) : source;
    return { ok: true, node: new Parser(tokenize(src)).parseAll() };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { ok: false, error: e.message, position: e.position };
    throw e;
  }
}

/** Calls `visit` on every node of a tree, parents first. */
export function walkFormula(node: FormulaNode, visit: (n: FormulaNode, parent: FormulaNode | undefined) => void, parent?: FormulaNode): void {
  visit(node, parent);
  switch (node.type) {
    case 'call':
      for (const a of node.args) walkFormula(a, visit, node);
      break;
    case 'unary':
    case 'percent':
      walkFormula(node.operand, visit, node);
      break;
    case 'binary':
      walkFormula(node.left, visit, node);
      walkFormula(node.right, visit, node);
      break;
    default:
      break;
  }
}

/** How to print the leaves of a tree in a target syntax (HyperFormula A1, for instance). */
export interface FormulaPrinter {
  ref(ref: CellRef): string;
  range(from: CellRef, to: CellRef): string;
  param(id: string): string;
  external(name: string): string;
}

const PRECEDENCE: Record<BinaryOp, number> = {
  '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '^': 5,
};

/** Prints a tree with `printer` for references; operators and functions keep spreadsheet syntax. */
export function printFormula(node: FormulaNode, printer: FormulaPrinter): string {
  const go = (n: FormulaNode, outer: number): string => {
    switch (n.type) {
      case 'number':
        return String(n.value);
      case 'string':
        return `"${n.value.replace(/"/g, '""')}"`;
      case 'bool':
        return n.value ? 'TRUE()' : 'FALSE()';
      case 'ref':
        return printer.ref(n.ref);
      case 'range':
        return printer.range(n.from, n.to);
      case 'param':
        return printer.param(n.id);
      case 'external':
        return printer.external(n.name);
      case 'call':
        return `${n.name}(${n.args.map((a) => go(a, 0)).join(',')})`;
      case 'unary':
        return `${n.op}${go(n.operand, 6)}`;
      case 'percent':
        return `${go(n.operand, 7)}%`;
      case 'binary': {
        const p = PRECEDENCE[n.op];
        const s = `${go(n.left, p)}${n.op}${go(n.right, p + 1)}`;
        return p < outer ? `(${s})` : s;
      }
    }
  };
  return go(node, 0);
}
