/**
 * Hocuspocus document names: `<kind>.<uuid>`.
 *
 * One helper for both the server (routing, authorization) and the client (provider name), so the
 * two never disagree about how a document is addressed on the wire.
 */

/** Kinds of collaborative documents (вид документа): one approval unit each. */
export type DocumentKind = 'budget-request' | 'financing-plan' | 'pkfo';

/** All document kinds, in a stable order. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['budget-request', 'financing-plan', 'pkfo'];

/** A parsed Hocuspocus document name. */
export interface DocumentName {
  kind: DocumentKind;
  /** Database id of the document (lower-case uuid). */
  documentId: string;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * True for a canonical (lower-case, hyphenated) uuid. Upper case is refused so that one document
 * has exactly one name and cannot be opened twice under two spellings.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** True when `value` is one of {@link DOCUMENT_KINDS}. */
export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/**
 * Parses a Hocuspocus document name; `null` for anything that is not exactly `<kind>.<uuid>`
 * (the server then closes with `CloseCode.NotFound`).
 */
export function parseDocumentName(name: string): DocumentName | null {
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const kind = name.slice(0, dot);
  const documentId = name.slice(dot + 1);
  if (!isDocumentKind(kind) || !isUuid(documentId)) return null;
  return { kind, documentId };
}

/** Builds the Hocuspocus document name; throws on a kind or id that {@link parseDocumentName} would refuse. */
export function formatDocumentName(kind: DocumentKind, documentId: string): string {
  if (!isDocumentKind(kind)) throw new Error(`Unknown document kind: ${String(kind)}`);
  if (!isUuid(documentId)) throw new Error(`Document id is not a lower-case uuid: ${documentId}`);
  return `${kind}.${documentId}`;
}

/**
 * Kind prefix of discussion docs (обсуждение, SPEC.md [C1]): `comments.<documentId>` is the Y.Doc
 * of remarks beside the budget document `<kind>.<documentId>`. It is not a {@link DocumentKind}:
 * {@link parseDocumentName} keeps refusing it, so code that handles cell documents never mistakes
 * a discussion for one.
 */
export const DISCUSSION_PREFIX = 'comments';

/** Parses `comments.<uuid>`; `null` for anything else. `documentId` is the budget document's id. */
export function parseDiscussionName(name: string): { documentId: string } | null {
  const prefix = `${DISCUSSION_PREFIX}.`;
  if (!name.startsWith(prefix)) return null;
  const documentId = name.slice(prefix.length);
  return isUuid(documentId) ? { documentId } : null;
}

/** Builds the discussion doc name of a document; throws on an id {@link parseDiscussionName} would refuse. */
export function formatDiscussionName(documentId: string): string {
  if (!isUuid(documentId)) throw new Error(`Document id is not a lower-case uuid: ${documentId}`);
  return `${DISCUSSION_PREFIX}.${documentId}`;
}

/** Any collaboration name: a cell document or the discussion beside one. */
export type CollabName = ({ channel: 'cells' } & DocumentName) | { channel: 'comments'; documentId: string };

/** Parses either kind of Hocuspocus name; `null` when it is neither ([P7], [C1]). */
export function parseCollabName(name: string): CollabName | null {
  const cells = parseDocumentName(name);
  if (cells) return { channel: 'cells', ...cells };
  const discussion = parseDiscussionName(name);
  return discussion ? { channel: 'comments', documentId: discussion.documentId } : null;
}
