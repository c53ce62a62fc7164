import type { ReactNode } from 'react';
import type { ConnectionState } from '../collab/DocumentConnection';
import { CloseCode, closeCodeMessage } from '../collab/protocol';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Connection problems above the grid: reconnecting (the grid stays editable; the count of changes
 * not yet on the server is shown), or a fatal close with its reason.
 */
export function ConnectionBanner({ state }: { state: ConnectionState }): ReactNode {
  const { t, lang } = useI18n();
  const lost = state.status === 'reconnecting' || (state.status === 'connected' && state.everSynced);
  if (lost)
    return (
      <div className="banner banner-warning" role="status" aria-live="polite" data-testid="connection-banner">
        <span className="spinner small" aria-hidden="true" />
        <span>
          <strong>{t('editor.disconnected')}</strong> {t('editor.offlineEditable')}
        </span>
        {state.unsyncedChanges > 0 && <span className="banner-count">{t('editor.unsyncedCount', { count: state.unsyncedChanges })}</span>}
      </div>
    );
  switch (state.status) {
    case 'protocol-mismatch':
      return (
        <div className="banner banner-error" role="alert">
          {t('editor.protocolMismatch')}
          <button type="button" onClick={() => window.location.reload()}>
            {t('editor.reload')}
          </button>
        </div>
      );
    case 'unauthorized':
    case 'forbidden':
    case 'not-found': {
      const code = state.status === 'unauthorized' ? CloseCode.Unauthorized : state.status === 'forbidden' ? CloseCode.Forbidden : CloseCode.NotFound;
      return (
        <div className="banner banner-error" role="alert">
          {closeCodeMessage(code)[lang]}
        </div>
      );
    }
    default:
      return null;
  }
}
