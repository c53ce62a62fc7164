import type { beforeSyncPayload, Extension } from '@hocuspocus/server';
import type { Connection, Document } from '@hocuspocus/server';
import { CloseCode, encodeUpdateRejected, parseDiscussionName, updateRejectedMessage, validateUpdate, type Change, type SchemaLookup } from '@zhospar/collab';
import { getTemplate, inputSchemaOf } from '@zhospar/sheets';
import { CollaborationRefusal, type CollaborationContext } from './CollaborationContext.ts';

/** y-protocols sync message subtypes (y-protocols/sync). */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Largest update a client may send in one message (collab/SPEC.md [V1]). */
export const MAX_UPDATE_BYTES = 2 * 1024 * 1024;

/**
 * Decodes every incoming update and checks it against the templates BEFORE Hocuspocus applies it
 * (collab/SPEC.md [V*]). A rejected update never touches the document: the client is told why
 * with a stateless message, then the document connection is closed with 4422 so the client drops
 * its local state and resyncs.
 */
export class ValidationExtension implements Extension {
  extensionName = 'ValidationExtension';
  priority = 900;

  readonly lookup: SchemaLookup = cachedSchemaLookup();

  /** Counts per reason, for tests and operations. */
  readonly rejections = new Map<string, number>();

  /**
   * @param onAccepted called with the decoded changes of every accepted update, before Hocuspocus
   *   applies it (the audit log reads old values from the doc; see AuditExtension).
   */
  constructor(private readonly onAccepted?: AcceptedUpdateListener) {}

  async beforeSync({ type, payload, connection, document, context }: beforeSyncPayload<CollaborationContext>): Promise<void> {
    if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
    // Discussion docs have their own layout and rules: DiscussionExtension validates them ([C7]).
    if (parseDiscussionName(document.name)) return;
    // Hocuspocus drops updates of read-only connections itself; nothing reaches the doc.
    if (connection.readOnly) return;
    const result = validateUpdate(document, payload, this.lookup, { maxUpdateBytes: MAX_UPDATE_BYTES });
    if (result.ok) {
      if (result.changes.length > 0) this.onAccepted?.(document, connection as Connection<CollaborationContext>, result.changes);
      return;
    }
    this.rejections.set(result.reason, (this.rejections.get(result.reason) ?? 0) + 1);
    console.warn(
      `[validation] rejected an update of ${document.name} from user ${context.user?.iin ?? '?'}: ${result.reason} (${result.detail})`,
    );
    connection.sendStateless(encodeUpdateRejected(updateRejectedMessage(result.reason)));
    throw new CollaborationRefusal(CloseCode.UpdateRejected, `update-rejected:${result.reason}`);
  }
}

/** Receives the changes of an accepted update that is about to be applied. */
export type AcceptedUpdateListener = (
  document: Document,
  connection: Connection<CollaborationContext>,
  changes: readonly Change[],
) => void;

/** Template schemas by id, computed once per template. */
export function cachedSchemaLookup(): SchemaLookup {
  const cache = new Map<string, ReturnType<typeof inputSchemaOf> | undefined>();
  return (templateId) => {
    if (!cache.has(templateId)) {
      const template = getTemplate(templateId);
      cache.set(templateId, template ? inputSchemaOf(template) : undefined);
    }
    return cache.get(templateId);
  };
}
