import type { FastifyInstance } from 'fastify';
import { ApiError, apiErrorSchema } from '../../http/ApiError.ts';
import { currentUser, requireUser } from '../../http/authenticate.ts';
import { documentIdParams, readableDocument, type WorkflowRouteDeps } from '../workflow/workflowDeps.ts';

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 422: apiErrorSchema };

const publicJwkSchema = {
  type: 'object',
  required: ['kty', 'crv', 'x', 'y'],
  properties: { kty: { type: 'string', const: 'EC' }, crv: { type: 'string', const: 'P-256' }, x: { type: 'string' }, y: { type: 'string' } },
} as const;

const keySchema = {
  type: 'object',
  required: ['id', 'thumbprint', 'algorithm', 'label', 'status', 'publicJwk', 'owner', 'boundIin', 'boundAt', 'revokedAt', 'createdAt'],
  properties: {
    id: { type: 'string' },
    thumbprint: { type: 'string', description: 'RFC 7638 SHA-256 thumbprint, base64url: the JWS `kid`' },
    algorithm: { type: 'string' },
    label: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['PENDING', 'BOUND', 'REVOKED'] },
    publicJwk: publicJwkSchema,
    owner: {
      type: 'object',
      required: ['id', 'iin', 'fullName', 'organisationId'],
      properties: { id: { type: 'string' }, iin: { type: 'string' }, fullName: { type: 'string' }, organisationId: { type: 'string' } },
    },
    boundIin: { type: ['string', 'null'] },
    boundAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const verificationSchema = {
  type: 'object',
  required: ['signatureId', 'documentId', 'snapshotId', 'sha256', 'valid', 'reason', 'detail', 'message', 'signer', 'signedAt', 'scheme', 'keyThumbprint'],
  properties: {
    signatureId: { type: 'string' },
    documentId: { type: 'string' },
    snapshotId: { type: 'string' },
    sha256: { type: 'string' },
    valid: { type: 'boolean' },
    reason: {
      type: ['string', 'null'],
      enum: ['snapshot-hash-mismatch', 'yjs-state-mismatch', 'key-binding-invalid', 'key-revoked', 'signature-invalid', 'payload-mismatch', 'signer-mismatch', null],
    },
    detail: { type: ['string', 'null'] },
    message: { type: 'object', required: ['ru', 'kk'], properties: { ru: { type: 'string' }, kk: { type: 'string' } } },
    signer: { type: 'object', required: ['id', 'iin', 'fullName'], properties: { id: { type: 'string' }, iin: { type: 'string' }, fullName: { type: 'string' } } },
    signedAt: { type: 'string', format: 'date-time' },
    scheme: { type: 'string' },
    keyThumbprint: { type: 'string' },
  },
} as const;

const keyIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;

/** Signing keys (enrol, bind, revoke, list) and signatures of approved versions (sign, list, verify). */
export async function signatureRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): Promise<void> {
  const auth = requireUser(deps.tokens, deps.access);

  app.post<{ Body: { publicJwk: unknown; label?: string } }>(
    '/api/signing-keys',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary:
          'Enrol the public half of an ECDSA P-256 key pair generated in the browser (WebCrypto, private key non-extractable). The key is PENDING until an admin binds it to the owner’s ИИН. Approvers only.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['publicJwk'],
          additionalProperties: false,
          properties: { publicJwk: { type: 'object', description: 'public JWK {kty:"EC", crv:"P-256", x, y}; other members are ignored, `d` is refused' }, label: { type: 'string', maxLength: 200 } },
        },
        response: { 201: keySchema, ...errors },
      },
    },
    async (request, reply) => {
      const key = await deps.signatures.enrol(currentUser(request), request.body.publicJwk, request.body.label ?? null);
      return reply.status(201).send(key);
    },
  );

  app.get<{ Querystring: { scope?: 'own' | 'managed' } }>(
    '/api/signing-keys',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary: 'Signing keys: `scope=own` (default) the user’s keys; `scope=managed` (admins) keys of users in the admin’s organisations, pending first.',
        security: [{ bearer: [] }],
        querystring: { type: 'object', additionalProperties: false, properties: { scope: { type: 'string', enum: ['own', 'managed'] } } },
        response: { 200: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: keySchema } } }, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return { keys: request.query.scope === 'managed' ? await deps.signatures.managedKeys(user) : await deps.signatures.ownKeys(user) };
    },
  );

  app.post<{ Params: { id: string }; Body: { iin: string } }>(
    '/api/signing-keys/:id/bind',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary: 'An admin binds a PENDING key to its owner’s ИИН (after checking the person); the ИИН must be the owner’s.',
        security: [{ bearer: [] }],
        params: keyIdParams,
        body: { type: 'object', required: ['iin'], additionalProperties: false, properties: { iin: { type: 'string', pattern: '^[0-9]{12}$' } } },
        response: { 200: keySchema, ...errors },
      },
    },
    async (request) => deps.signatures.bind(currentUser(request), request.params.id, request.body.iin),
  );

  app.post<{ Params: { id: string } }>(
    '/api/signing-keys/:id/revoke',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary: 'Revoke a key (its owner or a managing admin). Signatures made before stay valid.',
        security: [{ bearer: [] }],
        params: keyIdParams,
        response: { 200: keySchema, ...errors },
      },
    },
    async (request) => deps.signatures.revoke(currentUser(request), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { jws: string } }>(
    '/api/documents/:id/signatures',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary:
          'Sign the approved version: a compact JWS (ES256, protected header {alg:"ES256", kid:<key thumbprint>}) over the statement {snapshotId, sha256, documentId, iin, iat} from GET …/snapshot. Verified against the bound key before it is stored.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        body: { type: 'object', required: ['jws'], additionalProperties: false, properties: { jws: { type: 'string', minLength: 10, maxLength: 8192 } } },
        response: { 201: verificationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const verification = await deps.signatures.sign(currentUser(request), request.params.id, request.body.jws);
      return reply.status(201).send(verification);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/signatures',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary: 'Signatures of the document, each verified now.',
        security: [{ bearer: [] }],
        params: documentIdParams,
        response: { 200: { type: 'object', required: ['signatures'], properties: { signatures: { type: 'array', items: verificationSchema } } }, ...errors },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      return { signatures: await deps.signatures.listFor(request.params.id) };
    },
  );

  app.get<{ Params: { id: string; signatureId: string } }>(
    '/api/documents/:id/signatures/:signatureId/verify',
    {
      preHandler: auth,
      schema: {
        tags: ['signatures'],
        summary: 'Verify one signature from scratch: «signed by … at …, signature valid», or `valid: false` with a precise `reason`.',
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          required: ['id', 'signatureId'],
          properties: { id: { type: 'string', format: 'uuid' }, signatureId: { type: 'string', format: 'uuid' } },
        },
        response: { 200: verificationSchema, ...errors },
      },
    },
    async (request) => {
      await readableDocument(deps.access, currentUser(request), request.params.id);
      const exists = await deps.prisma.signature.findFirst({ where: { id: request.params.signatureId, documentId: request.params.id }, select: { id: true } });
      if (!exists) throw new ApiError('not-found');
      return deps.signatures.verify(exists.id);
    },
  );
}
