import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import type { TokenService } from '../auth/TokenService.ts';
import { ApiError } from './ApiError.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireUser` on every authenticated route. */
    user?: AuthenticatedUser;
  }
}

/** A preHandler that admits only requests with a valid `Authorization: Bearer <jwt>`. */
export function requireUser(
  tokens: TokenService,
  access: AccessService,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
    if (!match?.[1]) throw new ApiError('unauthorized');
    const claims = await tokens.verify(match[1]);
    if (!claims) throw new ApiError('unauthorized');
    const user = await access.userFromClaims(claims);
    if (!user) throw new ApiError('unauthorized');
    request.user = user;
  };
}

/** The user `requireUser` put on the request. */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new ApiError('unauthorized');
  return request.user;
}
