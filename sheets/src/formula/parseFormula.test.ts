import { describe, expect, it } from 'vitest';
import { parseFormula, printFormula } from './parseFormula.ts';
import type { CellRef, FormulaNode } from './parseFormula.ts';

const show = (ref: CellRef): string =>
  `[${ref.sheet ? ref.sheet + '!' : ''}${ref.row.kind === 'fixed' ? ref.row.id : ref.row.kind}.${ref.col}]`;
const printer = {
  ref: show,
  range: (a: CellRef, b: CellRef) => `${show(a)}:${show(b)}`,
  param: (id: string) => `P(${id})`,
  external: (n: string) => `X(${n})`,
};
function tree(src: string): FormulaNode {
  const r = parseFormula(src);
  if (!r.ok) throw new Error(r.error);
  return r.node;
}

describe('parseFormula', () => {
  it('reads every kind of stable reference', () => {
    expect(tree('{litres}')).toEqual({ type: 'ref', ref: { row: { kind: 'same' }, col: 'litres' } });
    expect(tree('{total.amount}')).toEqual({ type: 'ref', ref: { row: { kind: 'fixed', id: 'total' }, col: 'amount' } });
    expect(tree('SUM({*.amount})')).toEqual({
      type: 'call',
      name: 'SUM',
      args: [{ type: 'ref', ref: { row: { kind: 'dynamic' }, col: 'amount' } }],
    });
    expect(tree('{f144!total.amount_y2}')).toEqual({
      type: 'ref',
      ref: { sheet: 'f144', row: { kind: 'fixed', id: 'total' }, col: 'amount_y2' },
    });
    expect(tree('$inflation.140.y2')).toEqual({ type: 'param', id: 'inflation.140.y2' });
    expect(tree('$ext.limit.plan1')).toEqual({ type: 'external', name: 'limit.plan1' });
  });

  it('respects precedence and prints it back', () => {
    const n = tree('ROUND({fuel_norm} / 100 * {mileage} / 12 * ({months} + {winter_months} * {winter_pct} / 100), 2)');
    expect(printFormula(n, printer)).toBe(
      'ROUND([same.fuel_norm]/100*[same.mileage]/12*([same.months]+[same.winter_months]*[same.winter_pct]/100),2)',
    );
    expect(printFormula(tree('1 - (2 - 3)'), printer)).toBe('1-(2-3)');
    expect(printFormula(tree('(1 - 2) - 3'), printer)).toBe('1-2-3');
    expect(printFormula(tree('-{a} ^ 2 & "x""y"'), printer)).toBe('-[same.a]^2&"x""y"');
    expect(printFormula(tree('IF(ISBLANK({m}), $mrp * 2, $ext.cap) >= 10%'), printer)).toBe(
      'IF(ISBLANK([same.m]),P(mrp)*2,X(cap))>=10%',
    );
    expect(printFormula(tree('SUM({s111.fact}:{s414.fact})'), printer)).toBe('SUM([s111.fact]:[s414.fact])');
  });

  it('reports syntax errors with a position', () => {
    expect(parseFormula('{a} +')).toMatchObject({ ok: false, error: 'unexpected end of formula' });
    expect(parseFormula('{a.b.c}')).toMatchObject({ ok: false, position: 0 });
    expect(parseFormula('{other!col}')).toMatchObject({ ok: false });
    expect(parseFormula('SUM({a}')).toMatchObject({ ok: false });
    expect(parseFormula('1 # 2')).toMatchObject({ ok: false, position: 2 });
  });
});
