import { Prisma, type PrismaClient } from '@zhospar/prisma';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { ALL_STATUSES, allowedActions, allowedWorkspaceActions, grantsWithWorkspaceAction } from '../access/Policy.ts';
import { toRow } from '../audit/AuditLog.ts';
import type { WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { ApiError, type LocalizedMessage } from '../http/ApiError.ts';
import { parseSnapshotContent, sha256Hex } from '../workflow/snapshots.ts';
import { JwsEs256Signer, normalisePublicJwk } from './JwsEs256Signer.ts';
import type { KeyBinding } from './KeyBinding.ts';
import type { Signer } from './Signer.ts';

/** Largest clock difference accepted between the signature's `iat` and the server, seconds. */
export const MAX_SIGNING_SKEW_SECONDS = 600;

/** A signing key as the API shows it (never more than the public key). */
export interface SigningKeyView {
  id: string;
  thumbprint: string;
  algorithm: string;
  label: string | null;
  status: 'PENDING' | 'BOUND' | 'REVOKED';
  publicJwk: unknown;
  owner: { id: string; iin: string; fullName: string; organisationId: string };
  boundIin: string | null;
  boundAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Why a stored signature does not verify. */
export type VerificationFailure =
  | 'snapshot-hash-mismatch'
  | 'yjs-state-mismatch'
  | 'key-binding-invalid'
  | 'key-revoked'
  | 'signature-invalid'
  | 'payload-mismatch'
  | 'signer-mismatch';

/** The result of verifying a stored signature («подписано … , подпись действительна» or why not). */
export interface SignatureVerification {
  signatureId: string;
  documentId: string;
  snapshotId: string;
  sha256: string;
  valid: boolean;
  reason: VerificationFailure | null;
  detail: string | null;
  message: LocalizedMessage;
  signer: { id: string; iin: string; fullName: string };
  signedAt: string;
  scheme: string;
  keyThumbprint: string;
}

const failureMessages: Record<VerificationFailure, LocalizedMessage> = {
  'snapshot-hash-mismatch': {
    ru: 'Содержимое утвержденной версии изменено после утверждения: хеш не совпадает.',
    kk: 'Бекітілген нұсқаның мазмұны бекітілгеннен кейін өзгертілген: хеш сәйкес келмейді.',
  },
  'yjs-state-mismatch': {
    ru: 'Сохраненное состояние документа не соответствует утвержденной версии.',
    kk: 'Құжаттың сақталған күйі бекітілген нұсқаға сәйкес келмейді.',
  },
  'key-binding-invalid': {
    ru: 'Привязка ключа подписи к ИИН нарушена или изменена.',
    kk: 'Қол қою кілтінің ЖСН-ге байланысы бұзылған немесе өзгертілген.',
  },
  'key-revoked': {
    ru: 'Ключ подписи был отозван до подписания.',
    kk: 'Қол қою кілті қол қойылғанға дейін кері қайтарылған.',
  },
  'signature-invalid': {
    ru: 'Криптографическая проверка подписи не пройдена.',
    kk: 'Қолтаңбаның криптографиялық тексерісі өтпеді.',
  },
  'payload-mismatch': {
    ru: 'Подпись относится к другой версии документа.',
    kk: 'Қолтаңба құжаттың басқа нұсқасына қатысты.',
  },
  'signer-mismatch': {
    ru: 'ИИН в подписи не совпадает с ИИН владельца ключа.',
    kk: 'Қолтаңбадағы ЖСН кілт иесінің ЖСН-імен сәйкес келмейді.',
  },
};

type KeyRow = Prisma.SigningKeyGetPayload<{ include: { user: { select: { id: true; iin: true; fullName: true; organisationId: true } } } }>;

/**
 * Electronic signatures of approved versions (ЭЦП): key enrolment and binding, signing, and
 * verification with a precise reason. The scheme is pluggable (Signer.ts); `jws-es256` today.
 */
export class SignatureService {
  private readonly signers = new Map<string, Signer>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly binding: KeyBinding,
    private readonly events: WorkspaceEvents,
    signers: readonly Signer[] = [new JwsEs256Signer()],
  ) {
    for (const signer of signers) this.signers.set(signer.scheme, signer);
  }

  /** An approver enrols the public part of a key pair made in the browser; it waits for an admin (PENDING). */
  async enrol(user: AuthenticatedUser, publicJwk: unknown, label: string | null): Promise<SigningKeyView> {
    if (!allowedWorkspaceActions(user.grants).has('enrol-signing-key')) throw new ApiError('forbidden');
    const normalised = await normalisePublicJwk(publicJwk);
    if (!normalised) throw new ApiError('invalid-key');
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.signingKey.create({
          data: { userId: user.id, publicJwk: normalised.jwk as unknown as Prisma.InputJsonValue, thumbprint: normalised.thumbprint, label },
          include: keyInclude,
        });
        await tx.auditEvent.create({
          data: toRow({ kind: 'KEY_ENROLLED', documentId: null, userId: user.id, iin: user.iin, details: { keyId: created.id, thumbprint: created.thumbprint }, occurredAt: new Date() }),
        });
        return created;
      });
      return presentKey(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError('key-exists');
      throw error;
    }
  }

  /** Keys of the user. */
  async ownKeys(user: AuthenticatedUser): Promise<SigningKeyView[]> {
    const rows = await this.prisma.signingKey.findMany({ where: { userId: user.id }, include: keyInclude, orderBy: { createdAt: 'desc' } });
    return rows.map(presentKey);
  }

  /** Keys an admin manages: of users in the admin's own and subordinate organisations. */
  async managedKeys(admin: AuthenticatedUser): Promise<SigningKeyView[]> {
    const organisations = await this.managedOrganisations(admin);
    const rows = await this.prisma.signingKey.findMany({
      where: { user: { organisationId: { in: organisations } } },
      include: keyInclude,
      orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
    });
    return rows.map(presentKey);
  }

  /** An admin binds a pending key to its owner's ИИН (checked in person); the binding gets a server MAC. */
  async bind(admin: AuthenticatedUser, keyId: string, iin: string): Promise<SigningKeyView> {
    const key = await this.managedKey(admin, keyId);
    if (key.status !== 'PENDING') throw new ApiError('status-conflict', `key is ${key.status}`);
    if (key.user.iin !== iin) throw new ApiError('iin-mismatch');
    const boundAt = new Date();
    const mac = this.binding.mac({ keyId: key.id, userId: key.userId, thumbprint: key.thumbprint, iin, boundById: admin.id, boundAt: boundAt.toISOString() });
    const row = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.signingKey.updateMany({
        where: { id: key.id, status: 'PENDING' },
        data: { status: 'BOUND', boundIin: iin, boundById: admin.id, boundAt, bindingMac: mac },
      });
      if (updated.count !== 1) throw new ApiError('status-conflict');
      await tx.auditEvent.create({
        data: toRow({ kind: 'KEY_BOUND', documentId: null, userId: admin.id, iin: admin.iin, details: { keyId: key.id, thumbprint: key.thumbprint, boundIin: iin, ownerId: key.userId }, occurredAt: boundAt }),
      });
      return tx.signingKey.findUniqueOrThrow({ where: { id: key.id }, include: keyInclude });
    });
    return presentKey(row);
  }

  /** The owner or a managing admin revokes a key; signatures made before stay valid. */
  async revoke(user: AuthenticatedUser, keyId: string): Promise<SigningKeyView> {
    const own = await this.prisma.signingKey.findUnique({ where: { id: keyId }, include: keyInclude });
    const key = own && own.userId === user.id ? own : await this.managedKey(user, keyId);
    if (key.status === 'REVOKED') return presentKey(key);
    const now = new Date();
    const row = await this.prisma.$transaction(async (tx) => {
      await tx.signingKey.update({ where: { id: key.id }, data: { status: 'REVOKED', revokedAt: now } });
      await tx.auditEvent.create({
        data: toRow({ kind: 'KEY_REVOKED', documentId: null, userId: user.id, iin: user.iin, details: { keyId: key.id, thumbprint: key.thumbprint }, occurredAt: now }),
      });
      return tx.signingKey.findUniqueOrThrow({ where: { id: key.id }, include: keyInclude });
    });
    return presentKey(row);
  }

  /**
   * Stores a signature of the document's approved snapshot after checking everything: the right to
   * sign, the key (the signer's own, bound to their ИИН, binding intact), the cryptography, and that
   * the statement names this snapshot, its hash, this document and the signer's ИИН, signed now.
   */
  async sign(user: AuthenticatedUser, documentId: string, value: string, scheme = 'jws-es256'): Promise<SignatureVerification> {
    const access = await this.access.documentAccess(user, documentId);
    if (!access?.actions.has('read')) throw new ApiError('not-found');
    if (!access.actions.has('sign')) {
      const relations = await this.access.organisationRelations();
      const somewhere = ALL_STATUSES.some((status) => allowedActions(user.grants, relations, { organisationId: access.document.organisationId, status }).has('sign'));
      throw new ApiError(somewhere ? 'status-conflict' : 'forbidden', `status ${access.document.status}`);
    }
    const signer = this.signers.get(scheme);
    if (!signer) throw new ApiError('bad-request', `unknown scheme ${scheme}`);
    const snapshot = await this.prisma.documentSnapshot.findUnique({ where: { documentId } });
    if (!snapshot) throw new ApiError('no-snapshot');
    const keyId = signer.keyIdOf(value);
    if (!keyId) throw new ApiError('signature-invalid', 'no key id in the signature');
    const key = await this.prisma.signingKey.findUnique({ where: { thumbprint: keyId }, include: keyInclude });
    if (!key || key.userId !== user.id || key.status !== 'BOUND' || key.boundIin !== user.iin || !this.bindingIntact(key)) {
      throw new ApiError('key-not-bound');
    }
    const checked = await signer.verify(value, { keyId: key.thumbprint, material: key.publicJwk });
    if (!checked.ok) throw new ApiError('signature-invalid', `${checked.failure}: ${checked.detail}`);
    const statement = checked.statement;
    if (statement.snapshotId !== snapshot.id || statement.sha256 !== snapshot.sha256 || statement.documentId !== documentId) {
      throw new ApiError('signature-invalid', 'the signed statement names another snapshot, hash or document');
    }
    if (statement.iin !== user.iin) throw new ApiError('signature-invalid', 'the signed ИИН is not the signer’s');
    const now = Date.now();
    if (Math.abs(now / 1000 - statement.iat) > MAX_SIGNING_SKEW_SECONDS) throw new ApiError('signature-invalid', 'iat is too far from the server time');
    let signatureId: string;
    try {
      signatureId = await this.prisma.$transaction(async (tx) => {
        const row = await tx.signature.create({
          data: {
            snapshotId: snapshot.id,
            documentId,
            keyId: key.id,
            userId: user.id,
            iin: user.iin,
            scheme,
            value,
            signedAt: new Date(statement.iat * 1000),
          },
        });
        await tx.auditEvent.create({
          data: toRow({
            kind: 'SIGNATURE',
            documentId,
            userId: user.id,
            iin: user.iin,
            details: { signatureId: row.id, snapshotId: snapshot.id, sha256: snapshot.sha256, keyThumbprint: key.thumbprint, scheme },
            occurredAt: new Date(now),
          }),
        });
        return row.id;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError('already-signed');
      throw error;
    }
    void this.events.documentSigned({
      documentId,
      organisationId: access.document.organisationId,
      signatureId,
      snapshotId: snapshot.id,
      at: new Date(now).toISOString(),
      by: { id: user.id, fullName: user.fullName },
    });
    return this.verify(signatureId);
  }

  /** Signatures of a document, each verified now. */
  async listFor(documentId: string): Promise<SignatureVerification[]> {
    const rows = await this.prisma.signature.findMany({ where: { documentId }, select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const out: SignatureVerification[] = [];
    for (const row of rows) out.push(await this.verify(row.id));
    return out;
  }

  /**
   * Verifies a stored signature from scratch: the snapshot's canonical JSON still hashes to its
   * SHA-256 and its Yjs state to the hash inside it, the key binding's MAC holds, the key was not
   * revoked before signing, the signature verifies with the bound key, and its statement names
   * this snapshot, hash, document and the key's ИИН.
   */
  async verify(signatureId: string): Promise<SignatureVerification> {
    const row = await this.prisma.signature.findUniqueOrThrow({
      where: { id: signatureId },
      include: { snapshot: true, key: { include: keyInclude }, user: { select: { id: true, iin: true, fullName: true } } },
    });
    const base = {
      signatureId: row.id,
      documentId: row.documentId,
      snapshotId: row.snapshotId,
      sha256: row.snapshot.sha256,
      signer: row.user,
      signedAt: row.signedAt.toISOString(),
      scheme: row.scheme,
      keyThumbprint: row.key.thumbprint,
    };
    const fail = (reason: VerificationFailure, detail: string): SignatureVerification => ({
      ...base,
      valid: false,
      reason,
      detail,
      message: failureMessages[reason],
    });

    if (sha256Hex(row.snapshot.canonicalJson) !== row.snapshot.sha256) {
      return fail('snapshot-hash-mismatch', 'SHA-256 of the stored canonical JSON differs from the stored hash');
    }
    let yjsHash: string;
    try {
      yjsHash = parseSnapshotContent(row.snapshot.canonicalJson).yjsStateSha256;
    } catch {
      return fail('snapshot-hash-mismatch', 'the stored canonical JSON cannot be read');
    }
    if (sha256Hex(new Uint8Array(row.snapshot.yjsState)) !== yjsHash) {
      return fail('yjs-state-mismatch', 'SHA-256 of the stored Yjs state differs from the one in the snapshot');
    }
    const key = row.key;
    if (key.status === 'PENDING' || !key.boundIin || !this.bindingIntact(key)) {
      return fail('key-binding-invalid', 'the key’s binding to an ИИН is missing or does not verify');
    }
    if (key.userId !== row.userId) return fail('key-binding-invalid', 'the key belongs to another user');
    if (key.revokedAt && key.revokedAt.getTime() <= row.createdAt.getTime()) {
      return fail('key-revoked', `revoked at ${key.revokedAt.toISOString()}`);
    }
    const signer = this.signers.get(row.scheme);
    if (!signer) return fail('signature-invalid', `unknown scheme ${row.scheme}`);
    const checked = await signer.verify(row.value, { keyId: key.thumbprint, material: key.publicJwk });
    if (!checked.ok) return fail('signature-invalid', `${checked.failure}: ${checked.detail}`);
    const statement = checked.statement;
    if (statement.snapshotId !== row.snapshotId || statement.documentId !== row.documentId) {
      return fail('payload-mismatch', 'the signed statement names another snapshot or document');
    }
    if (statement.sha256 !== row.snapshot.sha256) return fail('payload-mismatch', 'the signed hash is not the snapshot’s hash');
    if (statement.iin !== key.boundIin || statement.iin !== row.iin || row.user.iin !== key.boundIin) {
      return fail('signer-mismatch', 'the signed ИИН, the key’s bound ИИН and the signer differ');
    }
    const when = row.signedAt.toISOString().replace('T', ' ').slice(0, 16);
    return {
      ...base,
      valid: true,
      reason: null,
      detail: null,
      message: {
        ru: `Подписано: ${row.user.fullName} (ИИН ${row.iin}), ${when} UTC. Подпись действительна.`,
        kk: `Қол қойған: ${row.user.fullName} (ЖСН ${row.iin}), ${when} UTC. Қолтаңба жарамды.`,
      },
    };
  }

  private bindingIntact(key: KeyRow): boolean {
    if (!key.boundIin || !key.boundById || !key.boundAt || !key.bindingMac) return false;
    return (
      this.binding.verify(
        { keyId: key.id, userId: key.userId, thumbprint: key.thumbprint, iin: key.boundIin, boundById: key.boundById, boundAt: key.boundAt.toISOString() },
        key.bindingMac,
      ) && thumbprintMatches(key)
    );
  }

  private async managedOrganisations(admin: AuthenticatedUser): Promise<string[]> {
    const roots = grantsWithWorkspaceAction(admin.grants, 'manage-signing-keys');
    if (roots.length === 0) throw new ApiError('forbidden');
    const relations = await this.access.organisationRelations();
    const organisations = await this.prisma.organisation.findMany({ select: { id: true } });
    return organisations.map((o) => o.id).filter((id) => roots.some((root) => relations.relation(root, id) !== 'other'));
  }

  private async managedKey(admin: AuthenticatedUser, keyId: string): Promise<KeyRow> {
    const organisations = await this.managedOrganisations(admin);
    const key = await this.prisma.signingKey.findUnique({ where: { id: keyId }, include: keyInclude });
    if (!key || !organisations.includes(key.user.organisationId)) throw new ApiError('not-found');
    return key;
  }
}

const keyInclude = { user: { select: { id: true, iin: true, fullName: true, organisationId: true } } } as const;

/** The stored thumbprint still matches the stored public key (a swapped key breaks the binding). */
function thumbprintMatches(key: KeyRow): boolean {
  const jwk = key.publicJwk as { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown } | null;
  if (!jwk || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return false;
  // RFC 7638 for EC: SHA-256 of {"crv","kty","x","y"} in lexicographic order, base64url.
  const json = `{"crv":${JSON.stringify(jwk.crv)},"kty":${JSON.stringify(jwk.kty)},"x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return Buffer.from(sha256Hex(json), 'hex').toString('base64url') === key.thumbprint;
}

function presentKey(row: KeyRow): SigningKeyView {
  return {
    id: row.id,
    thumbprint: row.thumbprint,
    algorithm: row.algorithm,
    label: row.label,
    status: row.status,
    publicJwk: row.publicJwk,
    owner: row.user,
    boundIin: row.boundIin,
    boundAt: row.boundAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
