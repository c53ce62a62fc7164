import type { ReactNode } from 'react';
import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { initialsOf } from '../univer/presence/colorFor';
import type { Peer, PresenceController } from '../univer/presence/PresenceController';

const EMPTY: Peer[] = [];
const noop = (): (() => void) => () => undefined;

/** Avatars of everyone in the document (self first), in their presence colours. */
export function PresenceAvatars({ presence }: { presence: PresenceController | null }): ReactNode {
  const { t } = useI18n();
  const peers = useSyncExternalStore(presence?.subscribe ?? noop, presence?.getPeers ?? (() => EMPTY));
  if (peers.length === 0) return null;
  return (
    <ul className="presence" aria-label={t('editor.presence')}>
      {peers.map((p) => (
        <li key={p.clientId} className="avatar" style={{ backgroundColor: p.user.color }} title={p.isSelf ? `${p.user.name} (${t('editor.you')})` : p.user.name}>
          <span aria-hidden="true">{initialsOf(p.user.name)}</span>
          <span className="visually-hidden">{p.isSelf ? `${p.user.name} (${t('editor.you')})` : p.user.name}</span>
        </li>
      ))}
    </ul>
  );
}
