import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type PrismaClient } from '@zhospar/prisma';
import type { AccessService } from '../../access/AccessService.ts';
import type { TokenService } from '../../auth/TokenService.ts';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { userSchema, presentUser } from './presentUser.ts';

interface LoginBody {
  iin: string;
  password: string;
}

/** Login and the current user. */
export async function authRoutes(
  app: FastifyInstance,
  deps: { prisma: PrismaClient; tokens: TokenService; access: AccessService },
): Promise<void> {
  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange an IIN and password for a session token (JWT, 8 h).',
        body: {
          type: 'object',
          required: ['iin', 'password'],
          additionalProperties: false,
          properties: {
            iin: { type: 'string', pattern: '^[0-9]{12}$', description: 'ИИН, 12 digits' },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['token', 'user'],
            properties: { token: { type: 'string' }, user: userSchema },
          },
          400: apiErrorSchema,
          401: apiErrorSchema,
        },
      },
    },
    async (request) => {
      const { iin, password } = request.body;
      const user = await deps.prisma.user.findUnique({ where: { iin } });
      // Verify against a dummy hash when the user is unknown, so timing does not reveal IINs.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok) throw new ApiError('invalid-credentials');
      const token = await deps.tokens.issue({ userId: user.id, iin: user.iin, tokenVersion: user.tokenVersion });
      const authenticated = await deps.access.userFromClaims({ userId: user.id, iin: user.iin, tokenVersion: user.tokenVersion });
      if (!authenticated) throw new ApiError('invalid-credentials');
      return { token, user: await presentUser(deps.prisma, authenticated) };
    },
  );

  app.get(
    '/api/me',
    {
      preHandler: requireUser(deps.tokens, deps.access),
      schema: {
        tags: ['auth'],
        summary: 'The user the token belongs to.',
        security: [{ bearer: [] }],
        response: { 200: userSchema, 401: apiErrorSchema },
      },
    },
    async (request) => presentUser(deps.prisma, currentUser(request)),
  );
}

/** Hash of a random password nobody knows, with the real cost; only used to equalise timing. */
const dummyHash: Promise<string> = hashPassword(randomUUID());
