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

/** Consecutive failed logins after which an account is locked. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked, ms. */
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Login attempts one client address may make per minute, whatever IINs it tries. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 30;

/** Login and the current user. */
export async function authRoutes(
  app: FastifyInstance,
  deps: { prisma: PrismaClient; tokens: TokenService; access: AccessService; loginAttemptsPerMinute: number },
): Promise<void> {
  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          max: deps.loginAttemptsPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: () => new ApiError('too-many-requests'),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Exchange an IIN and password for a session token (JWT, 8 h).',
        description: `After ${MAX_FAILED_LOGINS} consecutive failures an account is locked for 15 minutes (429 account-locked); one address may try ${LOGIN_ATTEMPTS_PER_MINUTE} times (by default) a minute (429 too-many-requests).`,
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
          429: apiErrorSchema,
        },
      },
    },
    async (request) => {
      const { iin, password } = request.body;
      const user = await deps.prisma.user.findUnique({ where: { iin } });
      const now = new Date();
      if (user?.lockedUntil && user.lockedUntil > now) {
        request.log.warn({ iin }, 'login refused: account locked');
        throw new ApiError('account-locked');
      }
      // Verify against a dummy hash when the user is unknown, so timing does not reveal IINs.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (user && !ok) {
        // One atomic increment, so parallel guesses cannot slip past the limit.
        const failed = await deps.prisma.user.update({
          where: { id: user.id },
          data: { failedLogins: { increment: 1 } },
          select: { failedLogins: true },
        });
        if (failed.failedLogins >= MAX_FAILED_LOGINS) {
          await deps.prisma.user.update({
            where: { id: user.id },
            data: { lockedUntil: new Date(now.getTime() + LOCKOUT_MS), failedLogins: 0 },
          });
          throw new ApiError('account-locked');
        }
      }
      if (!user || !ok) throw new ApiError('invalid-credentials');
      if (user.failedLogins > 0 || user.lockedUntil) {
        await deps.prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
      }
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
