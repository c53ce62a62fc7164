import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { ru } from '../i18n/messages';

/** Document status as a coloured badge (unknown statuses are shown as they come). */
export function StatusBadge({ status }: { status: string }): ReactNode {
  const { t } = useI18n();
  const key = `status.${status}`;
  const label = key in ru ? t(key as MessageKey) : status || '—';
  return <span className={`status-badge status-${status.replace(/[^a-z-]/g, '')}`}>{label}</span>;
}
