import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '@zhospar/prisma';

/** Health and the API description. */
export async function systemRoutes(app: FastifyInstance, deps: { prisma: PrismaClient }): Promise<void> {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability.',
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
          503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
        },
      },
    },
    async (_request, reply) => {
      try {
        await deps.prisma.$queryRaw`SELECT 1`;
        return { status: 'ok', database: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'degraded', database: 'unreachable' });
      }
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
