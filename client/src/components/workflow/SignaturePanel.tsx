import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../hooks/useSession';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../workflow/format';
import type { SignatureVerification, Snapshot } from '../../workflow/workflowApi';
import { fetchSignatures, fetchSnapshot, fetchSnapshotContent, verifySignature } from '../../workflow/workflowApi';
import { connectWorkspaceEvents } from '../../workflow/workspaceEvents';
import { onSignaturesChanged } from '../../workflow/workflowUi';
import { ErrorMessage, useErrorText } from '../ErrorMessage';
import { LoadingState } from '../LoadingState';

type State = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; snapshot: Snapshot; signatures: SignatureVerification[] };

/** Hex SHA-256 of bytes. */
async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The approved version's signatures (ЭЦП), each re-verified by the server: «Подписано: ФИО (ИИН …)
 * дата время. Подпись действительна.» or why not; «Проверить» verifies again from scratch and checks
 * the downloaded snapshot against its SHA-256 in the browser; the snapshot (canonical JSON exactly
 * as hashed) and a manifest of the signatures can be downloaded. Live: `document:signed` events.
 */
export function SignaturePanel({ documentId }: { documentId: string }): ReactNode {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const session = useSession();
  const token = session?.token ?? null;
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<{ at: string; contentOk: boolean; error: string | null } | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [snapshot, signatures] = await Promise.all([fetchSnapshot(documentId), fetchSignatures(documentId)]);
      setState({ kind: 'ready', snapshot, signatures });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }, [documentId]);

  useEffect(() => {
    void load();
    return onSignaturesChanged(documentId, () => void load());
  }, [documentId, load]);

  useEffect(() => {
    if (token === null) return;
    return connectWorkspaceEvents(token, {
      onSigned: (e) => {
        if (e.documentId === documentId) void load();
      },
    });
  }, [token, documentId, load]);

  if (state.kind === 'loading') return <LoadingState text={t('sig.loading')} />;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={() => void load()} />;
  const { snapshot, signatures } = state;

  const verifyAll = async (): Promise<void> => {
    setChecking(true);
    try {
      const verified = await Promise.all(signatures.map((s) => verifySignature(documentId, s.signatureId)));
      const content = await fetchSnapshotContent(documentId);
      const contentOk = (await sha256Hex(await content.arrayBuffer())) === snapshot.sha256;
      setState({ kind: 'ready', snapshot, signatures: verified });
      setCheck({ at: new Date().toISOString(), contentOk, error: null });
    } catch (error) {
      setCheck({ at: new Date().toISOString(), contentOk: false, error: errorText(error) });
    } finally {
      setChecking(false);
    }
  };

  const download = async (): Promise<void> => {
    try {
      saveFile(await fetchSnapshotContent(documentId), `zhospar-${documentId}-${snapshot.sha256.slice(0, 12)}.json`);
    } catch (error) {
      setCheck({ at: new Date().toISOString(), contentOk: false, error: errorText(error) });
    }
  };

  const downloadManifest = (): void => {
    const manifest = { documentId, snapshot: { id: snapshot.id, sha256: snapshot.sha256, createdAt: snapshot.createdAt, approvedBy: snapshot.approvedBy }, signatures };
    saveFile(new Blob([JSON.stringify(manifest, null, 2)], { type: 'application/json' }), `zhospar-${documentId}-signatures.json`);
  };

  return (
    <section className="signature-panel" aria-labelledby="signature-panel-title" data-testid="signature-panel">
      <div className="signature-head">
        <h2 id="signature-panel-title">{t('sig.title')}</h2>
        <span className="muted small">{t('sig.approvedBy', { name: snapshot.approvedBy.fullName, at: formatDateTime(snapshot.createdAt, lang) })}</span>
        <span className="muted small sha" title={snapshot.sha256}>
          {t('sig.hash')}: <code>{snapshot.sha256.slice(0, 16)}…</code>
        </span>
      </div>
      <div className="signature-body">
        {signatures.length === 0 ? (
          <p className="muted signature-none">{t('sig.none')}</p>
        ) : (
          <ul className="signature-list">
            {signatures.map((s) => (
              <li key={s.signatureId} className={`signature-item ${s.valid ? 'signature-valid' : 'signature-invalid'}`} data-testid="signature">
                <span className="signature-mark" aria-hidden="true">
                  {s.valid ? '✓' : '✗'}
                </span>
                <span>
                  {t('sig.signedBy', { name: s.signer.fullName, iin: s.signer.iin, at: formatDateTime(s.signedAt, lang) })}{' '}
                  <strong>{s.valid ? t('sig.valid') : t('sig.invalid', { message: s.message[lang] || s.message.ru })}</strong>
                </span>
              </li>
            ))}
          </ul>
        )}
        <div className="signature-tools">
          <button type="button" onClick={() => void verifyAll()} disabled={checking} data-testid="sig-verify">
            {checking ? t('sig.verifying') : `✓ ${t('sig.verify')}`}
          </button>
          <button type="button" onClick={() => void download()} data-testid="sig-download">
            ↓ {t('sig.download')}
          </button>
          <button type="button" className="link-button" onClick={downloadManifest}>
            {t('sig.downloadManifest')}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        {check !== null && (
          <p className={`small ${check.error === null && check.contentOk ? 'signature-check-ok' : 'signature-check-bad'}`} data-testid="sig-check">
            {check.error ?? `${t('sig.checkedAt', { at: formatDateTime(check.at, lang) })} ${check.contentOk ? t('sig.contentMatches') : t('sig.contentMismatch')}`}
          </p>
        )}
      </div>
    </section>
  );
}
