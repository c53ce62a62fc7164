import type { ReactNode } from 'react';
import { useState } from 'react';
import { ApiError, apiRequest, parseApiError } from '../api/apiClient';
import { useI18n } from '../i18n/I18nProvider';
import { loadSession } from '../session/session';

const texts = {
  ru: { button: 'Свод в Excel', busy: 'Формируется свод…', failed: 'Не удалось сформировать свод' },
  kk: { button: 'Жиынтық Excel-ге', busy: 'Жиынтық жасалуда…', failed: 'Жиынтықты жасау мүмкін болмады' },
} as const;

/**
 * «Свод в Excel» on the curator's desktop: the consolidated workbook of the subordinate
 * institutions' budget requests (one sheet each and a «Свод» of live formulas), for the
 * administrator the user works at (GET /api/organisations/:orgId/consolidated.xlsx).
 */
export function ConsolidatedExportButton(): ReactNode {
  const { lang } = useI18n();
  const text = texts[lang === 'kk' ? 'kk' : 'ru'];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const me = (await apiRequest('/api/me')) as { organisation?: { id?: string } };
      const organisationId = me.organisation?.id;
      if (!organisationId) throw new Error(text.failed);
      const token = loadSession()?.token ?? '';
      const response = await fetch(`/api/organisations/${encodeURIComponent(organisationId)}/consolidated.xlsx?lang=${lang === 'kk' ? 'kk' : 'ru'}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw parseApiError(response.status, await response.json().catch(() => null));
      const blob = await response.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `svod-${new Date().toISOString().slice(0, 10)}.xlsx`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.localized ? caught.localized[lang === 'kk' ? 'kk' : 'ru'] : text.failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span>
      <button type="button" onClick={() => void download()} disabled={busy} data-testid="consolidated-export">
        {busy ? text.busy : `⇩ ${text.button}`}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
