import type { DocumentKind } from '@zhospar/collab';
import type { AuthenticatedUser } from '../access/AccessService.ts';
import type { Action } from '../access/Policy.ts';

/** What the authorization extension learns about a connection; later hooks read it. */
export interface CollaborationContext {
  user: AuthenticatedUser;
  documentId: string;
  kind: DocumentKind;
  actions: Set<Action>;
  /**
   * Workflow epoch of the document when the connection started authenticating (WorkflowExtension):
   * a status change since then means `readOnly` must be re-evaluated before any update applies.
   */
  workflowEpoch?: number;
  /** Set for a discussion doc `comments.<documentId>` (collab [C1]); `kind` is then the document's kind. */
  channel?: 'comments';
}

/** A refusal Hocuspocus forwards to the provider as the "permission denied" reason or close code. */
export class CollaborationRefusal extends Error {
  readonly reason: string;
  readonly code: number;

  constructor(code: number, reason: string) {
    super(reason);
    this.reason = reason;
    this.code = code;
  }
}
