import type { PrismaClient } from '@zhospar/prisma';
import type { TokenClaims } from '../auth/TokenService.ts';
import {
  allowedActions,
  organisationRelationsFromTree,
  type Action,
  type DocumentStatus,
  type OrganisationRelations,
  type Role,
  type RoleGrant,
} from './Policy.ts';

/** The authenticated person behind a request or a collaboration connection. */
export interface AuthenticatedUser {
  id: string;
  iin: string;
  fullName: string;
  organisationId: string;
  grants: RoleGrant[];
}

export interface DocumentAccess {
  document: {
    id: string;
    kind: string;
    organisationId: string;
    status: DocumentStatus;
  };
  actions: Set<Action>;
}

/**
 * Resolves tokens to users and users to what they may do with a document. Every check reads the
 * database, so a role change, a move to another organisation or a status change applies at once.
 */
export class AccessService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The user a valid token names, or null when the user is gone or the token was revoked. */
  async userFromClaims(claims: TokenClaims): Promise<AuthenticatedUser | null> {
    const user = await this.prisma.user.findUnique({
      where: { id: claims.userId },
      include: { roles: true },
    });
    if (!user || user.iin !== claims.iin || user.tokenVersion !== claims.tokenVersion) return null;
    return {
      id: user.id,
      iin: user.iin,
      fullName: user.fullName,
      organisationId: user.organisationId,
      grants: user.roles.map((r) => ({ role: r.role as Role, organisationId: r.organisationId })),
    };
  }

  /** Access of `user` to a document, or null when the document does not exist. */
  async documentAccess(user: AuthenticatedUser, documentId: string): Promise<DocumentAccess | null> {
    const document = await this.prisma.document.findUnique({
      where: { id: documentId },
      select: { id: true, kind: true, organisationId: true, status: true },
    });
    if (!document) return null;
    const relations = await this.relations();
    const status = document.status as DocumentStatus;
    return {
      document: { ...document, status },
      actions: allowedActions(user.grants, relations, { organisationId: document.organisationId, status }),
    };
  }

  /** Ids of every organisation whose documents the user may at least read. */
  async readableOrganisationIds(user: AuthenticatedUser): Promise<string[]> {
    const organisations = await this.prisma.organisation.findMany({ select: { id: true, parentId: true } });
    const relations = organisationRelationsFromTree(new Map(organisations.map((o) => [o.id, o.parentId])));
    return organisations
      .filter((o) =>
        (['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'] as const).some((status) =>
          allowedActions(user.grants, relations, { organisationId: o.id, status }).has('read'),
        ),
      )
      .map((o) => o.id);
  }

  /** Actions of `user` on a document described by its organisation and a (possibly new) status. */
  async actionsOn(user: Pick<AuthenticatedUser, 'grants'>, document: { organisationId: string; status: DocumentStatus }): Promise<Set<Action>> {
    return allowedActions(user.grants, await this.relations(), document);
  }

  /** Where organisations sit relative to each other, read now from the organisation tree. */
  async organisationRelations(): Promise<OrganisationRelations> {
    return this.relations();
  }

  private async relations(): Promise<ReturnType<typeof organisationRelationsFromTree>> {
    const organisations = await this.prisma.organisation.findMany({ select: { id: true, parentId: true } });
    return organisationRelationsFromTree(new Map(organisations.map((o) => [o.id, o.parentId])));
  }
}
