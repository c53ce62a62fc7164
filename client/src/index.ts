/**
 * @zhospar/client — the React + Univer browser app. Nothing imports it; the entry for tools is
 * `index.html` → `src/main.tsx`. Exported here: the pure binding model, for reuse in tests.
 */
export { buildSheetLayout, cellAt, positionOf } from './univer/binding/SheetLayout';
export type { SheetLayout } from './univer/binding/SheetLayout';
export { coerceCellInput } from './univer/binding/coerceValue';
