import type { Lang } from '../model/templateTypes';

/** Date and time in the interface language: `23.11.2026 14:05`. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString(lang === 'kk' ? 'kk-KZ' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = d.toLocaleTimeString(lang === 'kk' ? 'kk-KZ' : 'ru-RU', { hour: '2-digit', minute: '2-digit' });
  return `${date} ${time}`;
}

/** A stored or computed cell value for people: numbers grouped (`1 234,5`), empty as `empty`. */
export function formatValue(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'number') return value.toLocaleString('ru-RU', { maximumFractionDigits: 2 }).replace(/\u00a0/g, ' ');
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'object' && 'error' in value) return String((value as { error: unknown }).error);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
