// Idempotent demo seed: it creates what is missing and never updates what exists, so a second run
// changes nothing (not even updatedAt) and a demo user's changed password survives a re-seed.
import type { Prisma, PrismaClient } from '../generated/client.ts';
import { hashPassword } from '../passwords.ts';
import { demoPlanningRoundParameters } from '../planningRoundParameters.ts';
import {
  DEMO_PASSWORD,
  DEMO_REQUEST_PROGRAM,
  DEMO_ROUND,
  demoOrganisations,
  demoPrograms,
  demoUsers,
  type DemoOrganisation,
} from './demoData.ts';
import { ECONOMIC_CLASSIFICATION_VALID_FROM, readEconomicClassification } from './readEconomicClassification.ts';

type Tx = Prisma.TransactionClient;

export interface SeedSummary {
  /** Rows created by this run, per table; all zero on a re-run. */
  created: Record<'organisations' | 'users' | 'userRoles' | 'classification' | 'rounds' | 'programs' | 'documents', number>;
}

/**
 * Loads the demo organisations, users (one per role), the economic classification, the 2027–2029
 * round, budget programs and one empty budget request (yjsState null, IN_WORK, PLAN) per school.
 * Runs in one transaction. Idempotent.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<SeedSummary> {
  const classification = await readEconomicClassification();
  // Hash outside the transaction (scrypt is deliberately slow); used only for users still missing.
  const existing = new Set(
    (await prisma.user.findMany({ where: { iin: { in: demoUsers.map((u) => u.iin) } }, select: { iin: true } })).map(
      (u) => u.iin,
    ),
  );
  const hashes = new Map<string, string>();
  for (const user of demoUsers) {
    if (!existing.has(user.iin)) hashes.set(user.iin, await hashPassword(DEMO_PASSWORD));
  }

  return prisma.$transaction(
    async (tx) => {
      const created: SeedSummary['created'] = {
        organisations: 0,
        users: 0,
        userRoles: 0,
        classification: 0,
        rounds: 0,
        programs: 0,
        documents: 0,
      };

      const orgIds = new Map<DemoOrganisation['key'], string>();
      for (const org of demoOrganisations) {
        const found = await tx.organisation.findUnique({ where: { bin: org.bin }, select: { id: true } });
        if (found) {
          orgIds.set(org.key, found.id);
          continue;
        }
        const parentId = org.parentKey ? requireId(orgIds, org.parentKey) : null;
        const row = await tx.organisation.create({
          data: {
            parentId,
            kind: org.kind,
            bin: org.bin,
            code: org.code,
            nameRu: org.nameRu,
            nameKk: org.nameKk,
            budgetLevel: org.budgetLevel,
          },
        });
        orgIds.set(org.key, row.id);
        created.organisations++;
      }

      for (const user of demoUsers) {
        const organisationId = requireId(orgIds, user.organisationKey);
        let found = await tx.user.findUnique({ where: { iin: user.iin }, select: { id: true } });
        if (!found) {
          const passwordHash = hashes.get(user.iin) ?? (await hashPassword(DEMO_PASSWORD));
          found = await tx.user.create({
            data: { iin: user.iin, fullName: user.fullName, passwordHash, organisationId },
            select: { id: true },
          });
          created.users++;
        }
        const role = await tx.userRole.createMany({
          data: [{ userId: found.id, organisationId, role: user.role }],
          skipDuplicates: true,
        });
        created.userRoles += role.count;
      }

      const rows = await tx.economicClassification.createMany({
        data: classification.map((row) => ({ ...row, validFrom: ECONOMIC_CLASSIFICATION_VALID_FROM })),
        skipDuplicates: true,
      });
      created.classification = rows.count;

      let round = await tx.planningRound.findUnique({ where: { name: DEMO_ROUND.name }, select: { id: true } });
      if (!round) {
        round = await tx.planningRound.create({
          data: { ...DEMO_ROUND, parameters: demoPlanningRoundParameters as unknown as Prisma.InputJsonObject },
          select: { id: true },
        });
        created.rounds++;
      }

      for (const program of demoPrograms) {
        const administratorId = requireId(orgIds, program.administratorKey);
        const where = { administratorId, code: program.code, subprogramCode: program.subprogramCode };
        // findFirst, not findUnique: the unique key has a nullable column (NULLs are distinct in PostgreSQL).
        if (await tx.budgetProgram.findFirst({ where, select: { id: true } })) continue;
        await tx.budgetProgram.create({ data: { ...where, nameRu: program.nameRu, nameKk: program.nameKk } });
        created.programs++;
      }

      created.documents = await seedBudgetRequests(tx, orgIds, round.id);
      return { created };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function seedBudgetRequests(
  tx: Tx,
  orgIds: Map<DemoOrganisation['key'], string>,
  roundId: string,
): Promise<number> {
  let count = 0;
  for (const org of demoOrganisations.filter((o) => o.kind === 'GU')) {
    const organisationId = requireId(orgIds, org.key);
    const where = {
      kind: 'BUDGET_REQUEST' as const,
      organisationId,
      roundId,
      programCode: DEMO_REQUEST_PROGRAM.code,
      subprogramCode: DEMO_REQUEST_PROGRAM.subprogramCode,
      versionKind: 'PLAN' as const,
      versionNumber: 1,
    };
    if (await tx.document.findFirst({ where, select: { id: true } })) continue;
    await tx.document.create({
      data: {
        ...where,
        status: 'IN_WORK',
        title: `Бюджетная заявка на ${DEMO_ROUND.firstPlanYear}–${DEMO_ROUND.lastPlanYear} годы, программа ${DEMO_REQUEST_PROGRAM.code} (демо)`,
        yjsState: null,
      },
    });
    count++;
  }
  return count;
}

function requireId(ids: Map<DemoOrganisation['key'], string>, key: DemoOrganisation['key']): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo organisation ${key} was not created before it was needed`);
  return id;
}
