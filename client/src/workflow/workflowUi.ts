/** Small shared pieces of the workflow screens: message keys of statuses and version kinds, a signatures-changed signal. */
import type { MessageKey } from '../i18n/messages';
import { ru } from '../i18n/messages';

/** `PLAN` → `version.PLAN` (unknown kinds fall back to «План»). */
export function versionKindKey(kind: string): MessageKey {
  const key = `version.${kind}`;
  return key in ru ? (key as MessageKey) : 'version.PLAN';
}

/** `SUBMITTED` → `status.submitted`. */
export function statusKey(status: string): MessageKey {
  const key = `status.${status.toLowerCase()}`;
  return key in ru ? (key as MessageKey) : 'status.in_work';
}

const SIGNATURES_CHANGED = 'zhospar:signatures-changed';

/** Tells the signature panels of this page that a document was approved or signed here. */
export function notifySignaturesChanged(documentId: string): void {
  window.dispatchEvent(new CustomEvent<string>(SIGNATURES_CHANGED, { detail: documentId }));
}

/** Subscribes to {@link notifySignaturesChanged} for one document. */
export function onSignaturesChanged(documentId: string, listener: () => void): () => void {
  const handler = (e: Event): void => {
    if (e instanceof CustomEvent && e.detail === documentId) listener();
  };
  window.addEventListener(SIGNATURES_CHANGED, handler);
  return () => window.removeEventListener(SIGNATURES_CHANGED, handler);
}
