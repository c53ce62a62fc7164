import type { PrismaClient } from '@zhospar/prisma';
import type { AuthenticatedUser } from '../../access/AccessService.ts';

/** The user as the API shows it. */
export interface UserView {
  id: string;
  iin: string;
  fullName: string;
  organisation: { id: string; nameRu: string; nameKk: string; kind: string };
  roles: Array<{ role: string; organisationId: string }>;
}

export const userSchema = {
  type: 'object',
  required: ['id', 'iin', 'fullName', 'organisation', 'roles'],
  properties: {
    id: { type: 'string' },
    iin: { type: 'string' },
    fullName: { type: 'string' },
    organisation: {
      type: 'object',
      required: ['id', 'nameRu', 'nameKk', 'kind'],
      properties: { id: { type: 'string' }, nameRu: { type: 'string' }, nameKk: { type: 'string' }, kind: { type: 'string' } },
    },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'organisationId'],
        properties: { role: { type: 'string' }, organisationId: { type: 'string' } },
      },
    },
  },
} as const;

export async function presentUser(prisma: PrismaClient, user: AuthenticatedUser): Promise<UserView> {
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: user.organisationId },
    select: { id: true, nameRu: true, nameKk: true, kind: true },
  });
  return {
    id: user.id,
    iin: user.iin,
    fullName: user.fullName,
    organisation,
    roles: user.grants.map((g) => ({ role: g.role, organisationId: g.organisationId })),
  };
}
