import type { ReactNode } from 'react';
import { useCallback, useEffect, useId, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { ErrorMessage, useErrorText } from '../components/ErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { useSession } from '../hooks/useSession';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime } from '../workflow/format';
import { hasRole, useMe } from '../workflow/useMe';
import { exportPublicJwk, jwkThumbprint } from './jws';
import { generateSigningKeyPair, loadSigningKey, saveSigningKey } from './keyStore';
import type { SigningKey } from './signingKeysApi';
import { bindSigningKey, enrolSigningKey, listSigningKeys, revokeSigningKey } from './signingKeysApi';

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; value: T };

function statusKeyOf(status: SigningKey['status']): MessageKey {
  return status === 'BOUND' ? 'keys.status.BOUND' : status === 'REVOKED' ? 'keys.status.REVOKED' : 'keys.status.PENDING';
}

function KeyStatus({ k }: { k: SigningKey }): ReactNode {
  const { t } = useI18n();
  return (
    <span className={`status-badge key-${k.status.toLowerCase()}`} data-testid="key-status">
      {t(statusKeyOf(k.status))}
      {k.status === 'BOUND' && k.boundIin !== null ? ` ${k.boundIin}` : ''}
    </span>
  );
}

/**
 * Ключи подписи (ЭЦП). An approver creates a key pair in this browser (WebCrypto, ECDSA P-256, the
 * private key non-extractable, kept in IndexedDB) and enrols its public JWK — PENDING until an
 * admin binds it. An admin sees the keys of their organisations' users and binds one to its
 * owner's ИИН after checking the person (the ИИН is typed, not pre-filled), or revokes it.
 */
export function SigningKeysRoute(): ReactNode {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const session = useSession();
  const me = useMe();
  const userId = session?.user.id ?? '';
  const canEnrol = hasRole(me, 'APPROVER');
  const canManage = hasRole(me, 'ADMIN');
  const id = useId();

  const [own, setOwn] = useState<Loaded<{ keys: SigningKey[]; localThumbprint: string | null }>>({ kind: 'loading' });
  const [managed, setManaged] = useState<Loaded<SigningKey[]>>({ kind: 'loading' });
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [iins, setIins] = useState<Record<string, string>>({});

  const loadOwn = useCallback(async (): Promise<void> => {
    try {
      const [keys, local] = await Promise.all([listSigningKeys('own'), loadSigningKey(userId)]);
      setOwn({ kind: 'ready', value: { keys, localThumbprint: local?.thumbprint ?? null } });
    } catch (error) {
      setOwn({ kind: 'error', error });
    }
  }, [userId]);

  const loadManaged = useCallback(async (): Promise<void> => {
    try {
      setManaged({ kind: 'ready', value: await listSigningKeys('managed') });
    } catch (error) {
      setManaged({ kind: 'error', error });
    }
  }, []);

  useEffect(() => {
    if (canEnrol) void loadOwn();
  }, [canEnrol, loadOwn]);
  useEffect(() => {
    if (canManage) void loadManaged();
  }, [canManage, loadManaged]);

  const act = async (key: string, work: () => Promise<string>): Promise<void> => {
    setBusy(key);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await work() });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const create = (): Promise<void> =>
    act('create', async () => {
      const keyPair = await generateSigningKeyPair();
      const publicJwk = await exportPublicJwk(keyPair.publicKey);
      const thumbprint = await jwkThumbprint(publicJwk);
      const enrolled = await enrolSigningKey(publicJwk, label.trim() === '' ? null : label.trim());
      // The server's thumbprint is the JWS kid; it equals ours (RFC 7638) — keep the server's.
      await saveSigningKey({ userId, keyPair, thumbprint: enrolled.thumbprint || thumbprint, createdAt: enrolled.createdAt });
      setLabel('');
      await loadOwn();
      return t('keys.enrolled');
    });

  const bind = (k: SigningKey): Promise<void> =>
    act(`bind:${k.id}`, async () => {
      const iin = (iins[k.id] ?? '').trim();
      const bound = await bindSigningKey(k.id, iin);
      await loadManaged();
      return t('keys.bound', { iin: bound.boundIin ?? iin });
    });

  const revoke = (k: SigningKey, reload: () => Promise<void>): Promise<void> =>
    act(`revoke:${k.id}`, async () => {
      await revokeSigningKey(k.id);
      await reload();
      return t('keys.revoked');
    });

  const localState = own.kind === 'ready' ? own.value : null;
  const localKey = localState === null || localState.localThumbprint === null ? null : (localState.keys.find((k) => k.thumbprint === localState.localThumbprint) ?? null);

  return (
    <div className="page">
      <AppHeader />
      <main className="list-page keys-page">
        <h1>{t('keys.title')}</h1>
        <div aria-live="polite">
          {message !== null && (
            <p className={message.kind === 'ok' ? 'info-box' : 'error-box'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="keys-message">
              {message.text}
            </p>
          )}
        </div>
        {me === null && <LoadingState text={t('common.loading')} />}
        {me !== null && !canEnrol && !canManage && <p className="info-box">{t('keys.notAllowed')}</p>}

        {canEnrol && (
          <section className="keys-section" aria-labelledby={`${id}-own`}>
            <h2 id={`${id}-own`}>{t('keys.local')}</h2>
            <p className="muted">{t('keys.intro')}</p>
            {own.kind === 'loading' && <LoadingState text={t('common.loading')} />}
            {own.kind === 'error' && <ErrorMessage error={own.error} onRetry={() => void loadOwn()} />}
            {localState !== null && (
              <div className="key-card" data-testid="local-key">
                {localState.localThumbprint === null ? (
                  <p>{t('keys.localNone')}</p>
                ) : localKey === null ? (
                  <p>{t('keys.localUnknown')}</p>
                ) : (
                  <p>
                    <KeyStatus k={localKey} /> <code className="thumbprint">{localKey.thumbprint}</code>
                  </p>
                )}
                <form
                  className="key-create"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void create();
                  }}
                >
                  <label htmlFor={`${id}-label`}>{t('keys.label')}</label>
                  <input id={`${id}-label`} value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
                  <button type="submit" className="primary" disabled={busy !== null} data-testid="key-create">
                    {busy === 'create' ? t('keys.creating') : localKey === null ? t('keys.create') : t('keys.createAnother')}
                  </button>
                </form>
              </div>
            )}
            <h2>{t('keys.own')}</h2>
            {localState !== null && localState.keys.length === 0 && <p className="muted">{t('keys.ownEmpty')}</p>}
            {localState !== null && localState.keys.length > 0 && (
              <table className="doc-table">
                <thead>
                  <tr>
                    <th scope="col">{t('keys.col.thumbprint')}</th>
                    <th scope="col">{t('keys.col.status')}</th>
                    <th scope="col">{t('keys.col.created')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('keys.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {localState.keys.map((k) => (
                    <tr key={k.id}>
                      <td>
                        <code className="thumbprint">{k.thumbprint}</code>
                        {k.label !== null && <div className="muted small">{k.label}</div>}
                      </td>
                      <td>
                        <KeyStatus k={k} />
                      </td>
                      <td className="nowrap">{formatDateTime(k.createdAt, lang)}</td>
                      <td>
                        {k.status !== 'REVOKED' && (
                          <button type="button" onClick={() => void revoke(k, loadOwn)} disabled={busy !== null}>
                            {t('keys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}

        {canManage && (
          <section className="keys-section" aria-labelledby={`${id}-managed`}>
            <h2 id={`${id}-managed`}>{t('keys.managed')}</h2>
            <p className="muted">{t('keys.bindHint')}</p>
            {managed.kind === 'loading' && <LoadingState text={t('common.loading')} />}
            {managed.kind === 'error' && <ErrorMessage error={managed.error} onRetry={() => void loadManaged()} />}
            {managed.kind === 'ready' && managed.value.length === 0 && (
              <div className="empty-state">
                <p className="empty-title">{t('keys.managedEmpty')}</p>
              </div>
            )}
            {managed.kind === 'ready' && managed.value.length > 0 && (
              <table className="doc-table" data-testid="managed-keys">
                <thead>
                  <tr>
                    <th scope="col">{t('keys.col.owner')}</th>
                    <th scope="col">{t('keys.col.thumbprint')}</th>
                    <th scope="col">{t('keys.col.status')}</th>
                    <th scope="col">{t('keys.col.created')}</th>
                    <th scope="col">{t('keys.bind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {managed.value.map((k) => (
                    <tr key={k.id} data-key-id={k.id} data-owner={k.owner.fullName}>
                      <td>{k.owner.fullName}</td>
                      <td>
                        <code className="thumbprint">{k.thumbprint}</code>
                        {k.label !== null && <div className="muted small">{k.label}</div>}
                      </td>
                      <td>
                        <KeyStatus k={k} />
                      </td>
                      <td className="nowrap">{formatDateTime(k.createdAt, lang)}</td>
                      <td>
                        {k.status === 'PENDING' && (
                          <form
                            className="key-bind"
                            onSubmit={(e) => {
                              e.preventDefault();
                              void bind(k);
                            }}
                          >
                            <input
                              aria-label={`${t('keys.iin')}: ${k.owner.fullName}`}
                              inputMode="numeric"
                              pattern="[0-9]{12}"
                              maxLength={12}
                              required
                              placeholder={t('keys.iin')}
                              value={iins[k.id] ?? ''}
                              onChange={(e) => setIins((m) => ({ ...m, [k.id]: e.target.value.replace(/\D/g, '') }))}
                            />
                            <button type="submit" className="primary" disabled={busy !== null || (iins[k.id] ?? '').length !== 12}>
                              {t('keys.bind')}
                            </button>
                          </form>
                        )}
                        {k.status !== 'REVOKED' && (
                          <button type="button" className="link-button" onClick={() => void revoke(k, loadManaged)} disabled={busy !== null}>
                            {t('keys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
