// The economic classification of expenditures, edition in force from 1 January 2024, shipped as
// data/economic-classification.csv (columns: code, level, subclass, name_ru, name_kk,
// definition_ru; definitions are quoted and contain commas and doubled quotes).
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/** Path of the CSV shipped with this package. */
export const ECONOMIC_CLASSIFICATION_CSV = path.resolve(import.meta.dirname, '../../data/economic-classification.csv');

/** Date the shipped edition came into force. */
export const ECONOMIC_CLASSIFICATION_VALID_FROM = new Date('2024-01-01T00:00:00Z');

export interface EconomicClassificationRow {
  code: string;
  level: 'SUBCLASS' | 'SPECIFIC';
  /** Parent subclass code; null for subclasses. */
  subclass: string | null;
  nameRu: string;
  /** Null while the Kazakh edition is not sourced. */
  nameKk: string | null;
  definitionRu: string | null;
}

/** Parses the classification CSV text; throws on a malformed row (with its line). */
export function parseEconomicClassification(csv: string): EconomicClassificationRow[] {
  const records = parse(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Array<
    Record<string, string | undefined>
  >;
  return records.map((record, index) => {
    const line = index + 2;
    const code = record['code'] ?? '';
    const level = record['level'];
    const subclass = record['subclass'] || null;
    if (!/^\d{3}$/.test(code)) throw new Error(`economic classification line ${line}: bad code "${code}"`);
    if (level !== 'subclass' && level !== 'specific') {
      throw new Error(`economic classification line ${line}: bad level "${String(level)}"`);
    }
    if ((level === 'specific') !== (subclass !== null)) {
      throw new Error(`economic classification line ${line}: a specific needs a subclass, a subclass has none`);
    }
    const nameRu = record['name_ru'] ?? '';
    if (nameRu === '') throw new Error(`economic classification line ${line}: name_ru is empty`);
    return {
      code,
      level: level === 'subclass' ? 'SUBCLASS' : 'SPECIFIC',
      subclass,
      nameRu,
      nameKk: record['name_kk'] || null,
      definitionRu: record['definition_ru'] || null,
    };
  });
}

/** Reads and parses the shipped CSV. */
export async function readEconomicClassification(
  file: string = ECONOMIC_CLASSIFICATION_CSV,
): Promise<EconomicClassificationRow[]> {
  return parseEconomicClassification(await fs.readFile(file, 'utf8'));
}
