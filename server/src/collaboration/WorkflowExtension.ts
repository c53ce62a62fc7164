import type { beforeSyncPayload, connectedPayload, Extension, onConnectPayload } from '@hocuspocus/server';
import { parseDocumentName } from '@zhospar/collab';
import type { LiveDocuments } from '../workflow/LiveDocuments.ts';
import type { CollaborationContext } from './CollaborationContext.ts';

/**
 * Keeps connections in step with the document's workflow status (DOMAIN.md §4): no update is
 * applied while a status change is being decided, and a connection that authenticated against an
 * older status is read-only until its rights are re-read. Runs before validation, so a refused
 * update is dropped by Hocuspocus (read-only) without being validated or audited.
 */
export class WorkflowExtension implements Extension {
  extensionName = 'WorkflowExtension';
  /** After AuthorizationExtension's onConnect (1000), before ValidationExtension's beforeSync (900). */
  priority = 950;

  constructor(private readonly live: LiveDocuments) {}

  async onConnect({ documentName }: onConnectPayload): Promise<Partial<CollaborationContext>> {
    const name = parseDocumentName(documentName);
    // Read before AuthorizationExtension reads the status, so a change in between is noticed.
    return name ? { workflowEpoch: this.live.epoch(name.documentId) } : {};
  }

  async connected({ connection, context }: connectedPayload<CollaborationContext>): Promise<void> {
    // Discussion docs follow 'comment', not 'edit'; DiscussionExtension re-reads it ([C7]).
    if (!context?.documentId || context.channel === 'comments') return;
    if (context.workflowEpoch !== this.live.epoch(context.documentId)) {
      connection.readOnly = true;
      await this.live.reevaluate(connection);
    }
  }

  async beforeSync({ connection, context }: beforeSyncPayload<CollaborationContext>): Promise<void> {
    if (!context?.documentId || connection.readOnly || context.channel === 'comments') return;
    if (this.live.isFrozen(context.documentId)) {
      connection.readOnly = true;
      return;
    }
    if (context.workflowEpoch !== this.live.epoch(context.documentId)) {
      connection.readOnly = true;
      void this.live.reevaluate(connection);
    }
  }
}
