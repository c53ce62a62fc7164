import type { Extension, onAuthenticatePayload, onConnectPayload } from '@hocuspocus/server';
import { CloseCode, PROTOCOL_VERSION, parseCollabName } from '@zhospar/collab';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import type { AccessService } from '../access/AccessService.ts';
import type { AccessDenial } from '../audit/AuditLog.ts';
import type { TokenService } from '../auth/TokenService.ts';
import { CollaborationRefusal, type CollaborationContext } from './CollaborationContext.ts';

/**
 * Checks the protocol version, the token and the user's right to the document before anything
 * is loaded (collab/SPEC.md [P1]–[P4]). Connections that may read but not edit are read-only at
 * the Hocuspocus level, so their updates are never applied; on a discussion doc `comments.<id>`
 * the same holds for 'comment' instead of 'edit' ([C7]).
 */
export class AuthorizationExtension implements Extension {
  extensionName = 'AuthorizationExtension';
  priority = 1000;

  constructor(
    private readonly tokens: TokenService,
    private readonly access: AccessService,
    /** Hears every refusal (the audit log records it as ACCESS_DENIED). */
    private readonly onDenied?: (denial: AccessDenial) => void,
  ) {}

  async onConnect({ requestParameters }: onConnectPayload): Promise<void> {
    const protocol = requestParameters.get('protocol');
    if (protocol !== String(PROTOCOL_VERSION)) {
      throw new CollaborationRefusal(CloseCode.ProtocolMismatch, 'protocol-mismatch');
    }
  }

  async onAuthenticate(payload: onAuthenticatePayload): Promise<Partial<CollaborationContext>> {
    try {
      return await this.authenticate(payload);
    } catch (error) {
      if (error instanceof CollaborationRefusal && this.onDenied) {
        const denied = error as CollaborationRefusal & { user?: { id: string; iin: string } };
        this.onDenied({ channel: 'collab', code: error.reason, userId: denied.user?.id ?? null, iin: denied.user?.iin ?? null, target: payload.documentName });
      }
      throw error;
    }
  }

  private async authenticate(payload: onAuthenticatePayload): Promise<Partial<CollaborationContext>> {
    const name = parseCollabName(payload.documentName);
    if (!name) throw new CollaborationRefusal(CloseCode.NotFound, 'not-found');
    const claims = await this.tokens.verify(payload.token);
    if (!claims) throw new CollaborationRefusal(CloseCode.Unauthorized, 'unauthorized');
    const user = await this.access.userFromClaims(claims);
    if (!user) throw new CollaborationRefusal(CloseCode.Unauthorized, 'unauthorized');
    const access = await this.access.documentAccess(user, name.documentId);
    // An unknown id and a foreign document answer alike, so ids cannot be probed.
    if (!access || !access.actions.has('read')) throw Object.assign(new CollaborationRefusal(CloseCode.Forbidden, 'forbidden'), { user });
    if (name.channel === 'comments') {
      // The discussion beside the document (collab [C1], [C7]): writable with 'comment', not 'edit'.
      payload.connectionConfig.readOnly = !access.actions.has('comment');
      const kind = kindFromDb(access.document.kind);
      return { user, documentId: name.documentId, kind, actions: access.actions, channel: 'comments' };
    }
    if (access.document.kind !== kindToDb(name.kind)) throw Object.assign(new CollaborationRefusal(CloseCode.Forbidden, 'forbidden'), { user });
    payload.connectionConfig.readOnly = !access.actions.has('edit');
    return { user, documentId: name.documentId, kind: name.kind, actions: access.actions };
  }
}

/** Database enum value of a document kind in a Hocuspocus name. */
export function kindToDb(kind: string): string {
  return kind.toUpperCase().replace(/-/g, '_');
}
