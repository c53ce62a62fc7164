/**
 * The one access policy (ARCHITECTURE.md "Who enforces what"): role × relation of the user's
 * organisation to the document's organisation × document status → allowed actions.
 * HTTP routes and the collaboration server both ask `allowedActions`, never their own rules.
 */

export type Role = 'ECONOMIST' | 'HEAD' | 'CURATOR' | 'APPROVER' | 'ADMIN';

/** Own organisation, one of its subordinates (any depth), or anything else. */
export type Relation = 'own' | 'subordinate' | 'other';

/** «в работе», «отправлен на проверку», «возвращен на доработку», «утвержден». */
export type DocumentStatus = 'IN_WORK' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

export type Action = 'read' | 'comment' | 'edit' | 'submit' | 'return' | 'approve' | 'sign' | 'create-version';

export const ALL_ACTIONS: readonly Action[] = [
  'read', 'comment', 'edit', 'submit', 'return', 'approve', 'sign', 'create-version',
];
export const ALL_ROLES: readonly Role[] = ['ECONOMIST', 'HEAD', 'CURATOR', 'APPROVER', 'ADMIN'];
export const ALL_RELATIONS: readonly Relation[] = ['own', 'subordinate', 'other'];
export const ALL_STATUSES: readonly DocumentStatus[] = ['IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED'];

type StatusRule = Partial<Record<DocumentStatus, readonly Action[]>>;

const editable: readonly Action[] = ['read', 'comment', 'edit', 'submit'];
const readComment: readonly Action[] = ['read', 'comment'];

/** The table. A missing cell means no access at all. */
const POLICY: Record<Role, Partial<Record<Relation, StatusRule>>> = {
  ECONOMIST: {
    own: { IN_WORK: editable, RETURNED: editable, SUBMITTED: readComment, APPROVED: ['read', 'comment', 'create-version'] },
  },
  HEAD: {
    own: { IN_WORK: editable, RETURNED: editable, SUBMITTED: readComment, APPROVED: ['read', 'comment', 'create-version'] },
  },
  CURATOR: {
    own: { IN_WORK: readComment, RETURNED: readComment, SUBMITTED: readComment, APPROVED: readComment },
    subordinate: {
      IN_WORK: readComment,
      RETURNED: readComment,
      SUBMITTED: ['read', 'comment', 'return'],
      APPROVED: readComment,
    },
  },
  APPROVER: {
    own: { IN_WORK: readComment, RETURNED: readComment, SUBMITTED: readComment, APPROVED: readComment },
    subordinate: {
      IN_WORK: readComment,
      RETURNED: readComment,
      SUBMITTED: ['read', 'comment', 'return', 'approve'],
      APPROVED: ['read', 'comment', 'sign'],
    },
  },
  ADMIN: {
    own: { IN_WORK: ['read'], RETURNED: ['read'], SUBMITTED: ['read'], APPROVED: ['read'] },
    subordinate: { IN_WORK: ['read'], RETURNED: ['read'], SUBMITTED: ['read'], APPROVED: ['read'] },
  },
};

/** A role the user holds in one organisation. */
export interface RoleGrant {
  role: Role;
  organisationId: string;
}

/** Answers where an organisation sits relative to another; built from the organisation tree. */
export interface OrganisationRelations {
  relation(userOrganisationId: string, documentOrganisationId: string): Relation;
}

/** Actions one grant allows on a document of `status` at `relation`. */
export function actionsFor(role: Role, relation: Relation, status: DocumentStatus): readonly Action[] {
  return POLICY[role][relation]?.[status] ?? [];
}

/** The union of what every grant of the user allows on the document. */
export function allowedActions(
  grants: readonly RoleGrant[],
  relations: OrganisationRelations,
  document: { organisationId: string; status: DocumentStatus },
): Set<Action> {
  const allowed = new Set<Action>();
  for (const grant of grants) {
    const relation = relations.relation(grant.organisationId, document.organisationId);
    for (const action of actionsFor(grant.role, relation, document.status)) allowed.add(action);
  }
  return allowed;
}

/** Builds relations from `parentId` links: a subordinate is any descendant. */
export function organisationRelationsFromTree(
  parents: ReadonlyMap<string, string | null>,
): OrganisationRelations {
  return {
    relation(userOrganisationId: string, documentOrganisationId: string): Relation {
      if (userOrganisationId === documentOrganisationId) return 'own';
      let current = parents.get(documentOrganisationId) ?? null;
      const seen = new Set<string>();
      while (current !== null && !seen.has(current)) {
        if (current === userOrganisationId) return 'subordinate';
        seen.add(current);
        current = parents.get(current) ?? null;
      }
      return 'other';
    },
  };
}

/**
 * Actions that concern the workspace rather than one document: enrolling a signing key (ЭЦП),
 * binding keys to ИИН (admin, for users of their own and subordinate organisations), and the
 * curator's desktop (рабочий стол куратора).
 */
export type WorkspaceAction = 'enrol-signing-key' | 'manage-signing-keys' | 'view-desktop' | 'create-document';

export const ALL_WORKSPACE_ACTIONS: readonly WorkspaceAction[] = [
  'enrol-signing-key',
  'manage-signing-keys',
  'view-desktop',
  'create-document',
];

/** The workspace table: role → actions. */
const WORKSPACE_POLICY: Record<Role, readonly WorkspaceAction[]> = {
  // Documents are created in the organisation where the grant is held (own documents only).
  ECONOMIST: ['create-document'],
  HEAD: ['create-document'],
  CURATOR: ['view-desktop'],
  APPROVER: ['view-desktop', 'enrol-signing-key'],
  ADMIN: ['manage-signing-keys'],
};

/** Workspace actions one role allows. */
export function workspaceActionsFor(role: Role): readonly WorkspaceAction[] {
  return WORKSPACE_POLICY[role];
}

/** The union of what every grant of the user allows in the workspace. */
export function allowedWorkspaceActions(grants: readonly RoleGrant[]): Set<WorkspaceAction> {
  const allowed = new Set<WorkspaceAction>();
  for (const grant of grants) for (const action of WORKSPACE_POLICY[grant.role]) allowed.add(action);
  return allowed;
}

/** Organisations where the user holds a grant with `action` (e.g. where an admin manages keys). */
export function grantsWithWorkspaceAction(grants: readonly RoleGrant[], action: WorkspaceAction): string[] {
  return grants.filter((g) => WORKSPACE_POLICY[g.role].includes(action)).map((g) => g.organisationId);
}
