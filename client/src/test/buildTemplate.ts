/** Template factory for tests: a small fuel form (ГСМ) with a two-level header. */
import type { ColumnLike, RowSpecLike, TemplateLike } from '../model/templateTypes';

export function buildColumn(overrides: Partial<ColumnLike> & { id: string }): ColumnLike {
  return { title: { ru: overrides.id, kk: overrides.id }, kind: 'input', valueType: 'amount', ...overrides };
}

export function buildTemplate(overrides: Partial<TemplateLike> = {}): TemplateLike {
  const columns: ColumnLike[] = [
    buildColumn({ id: 'name', title: { ru: 'Марка автомобиля', kk: 'Автокөлік маркасы' }, valueType: 'text' }),
    buildColumn({ id: 'km', title: { ru: 'Пробег', kk: 'Жүріс' }, headerPath: [{ ru: 'Норма', kk: 'Норма' }], valueType: 'quantity', unit: 'km' }),
    buildColumn({ id: 'rate', title: { ru: 'Расход', kk: 'Шығын' }, headerPath: [{ ru: 'Норма', kk: 'Норма' }], valueType: 'quantity', precision: 1 }),
    buildColumn({ id: 'price', title: { ru: 'Цена', kk: 'Бағасы' }, valueType: 'amount', unit: 'tenge', precision: 2 }),
    buildColumn({ id: 'sum', title: { ru: 'Сумма', kk: 'Сомасы' }, kind: 'calculated', valueType: 'amount', unit: 'thousand-tenge', precision: 1 }),
  ];
  const rows: RowSpecLike[] = [
    { kind: 'dynamic' },
    { kind: 'fixed', id: 'total', title: { ru: 'Итого', kk: 'Барлығы' }, role: 'total' },
  ];
  return { id: 'test/fuel@2025', formCode: '01-144', title: { ru: 'ГСМ', kk: 'ЖЖМ' }, columns, rows, ...overrides };
}
