import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../createTestDatabase.ts';
import { isValidKzIdentifier } from '../kzIdentifiers.ts';
import { verifyPassword } from '../passwords.ts';
import { parsePlanningRoundParameters } from '../planningRoundParameters.ts';
import { demoLogins } from './demoData.ts';
import { seedDemoData } from './seedDemoData.ts';

let db: TestDatabase;

/** Every row of every seeded table, ordered, for before/after comparison. */
async function snapshot(): Promise<unknown> {
  const { prisma } = db;
  return {
    organisations: await prisma.organisation.findMany({ orderBy: { bin: 'asc' } }),
    users: await prisma.user.findMany({ orderBy: { iin: 'asc' } }),
    roles: await prisma.userRole.findMany({ orderBy: [{ userId: 'asc' }, { organisationId: 'asc' }, { role: 'asc' }] }),
    classification: await prisma.economicClassification.findMany({ orderBy: { code: 'asc' } }),
    rounds: await prisma.planningRound.findMany({ orderBy: { name: 'asc' } }),
    programs: await prisma.budgetProgram.findMany({ orderBy: [{ administratorId: 'asc' }, { code: 'asc' }] }),
    documents: await prisma.document.findMany({ orderBy: { organisationId: 'asc' } }),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('seedDemoData', () => {
  it('loads the demo organisations, users, classification, round, programs and one request per school', async () => {
    const { created } = await seedDemoData(db.prisma);
    expect(created).toEqual({
      organisations: 5,
      users: 9, // 3 school economists, a head, the АБП curator, approver and economist, the УО curator and admin
      userRoles: 9,
      classification: 129,
      rounds: 1,
      programs: 3,
      documents: 2,
    });

    const finance = await db.prisma.organisation.findFirstOrThrow({
      where: { kind: 'AUTHORIZED_BODY' },
      include: { children: { include: { children: true } } },
    });
    expect(finance.nameRu).toMatch(/\(демо\)$/);
    expect(finance.children.map((o) => o.kind)).toEqual(['ABP', 'ABP']);
    const education = finance.children.find((o) => o.code === '261');
    expect(education?.children.map((o) => o.kind)).toEqual(['GU', 'GU']);

    const documents = await db.prisma.document.findMany({ include: { organisation: true, round: true } });
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      expect(document).toMatchObject({
        kind: 'BUDGET_REQUEST',
        status: 'IN_WORK',
        versionKind: 'PLAN',
        versionNumber: 1,
        yjsState: null,
        stateVersion: 0,
        programCode: '003',
      });
      expect(document.organisation.kind).toBe('GU');
      expect(document.round).toMatchObject({ currentYear: 2026, firstPlanYear: 2027, lastPlanYear: 2029 });
    }
    const round = await db.prisma.planningRound.findFirstOrThrow();
    expect(parsePlanningRoundParameters(round.parameters).socialTaxRate.illustrative).toBe(true);
  });

  it('is idempotent: a second run creates nothing and changes no row (not even updatedAt)', async () => {
    const before = await snapshot();
    const { created } = await seedDemoData(db.prisma);
    expect(Object.values(created).every((count) => count === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('gives two economists to the first school, so two people can co-edit its request', async () => {
    const school1 = await db.prisma.organisation.findFirstOrThrow({ where: { code: '261001' } });
    const economists = await db.prisma.userRole.findMany({ where: { organisationId: school1.id, role: 'ECONOMIST' } });
    expect(economists).toHaveLength(2);
  });

  it('covers every role, and every demo login signs in with its password and a valid ИИН', async () => {
    expect(new Set(demoLogins.map((login) => login.role))).toEqual(
      new Set(['ECONOMIST', 'HEAD', 'CURATOR', 'APPROVER', 'ADMIN']),
    );
    for (const login of demoLogins) {
      expect(isValidKzIdentifier(login.iin), login.iin).toBe(true);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { iin: login.iin }, include: { roles: true } });
      expect(user.fullName).toBe(login.fullName);
      expect(user.roles.map((r) => r.role)).toContain(login.role);
      expect(await verifyPassword(login.password, user.passwordHash)).toBe(true);
      expect(await verifyPassword(`${login.password}x`, user.passwordHash)).toBe(false);
    }
  });

  it('loads specifics under their subclasses, keeping quoted definitions with commas intact', async () => {
    const fuel = await db.prisma.economicClassification.findFirstOrThrow({ where: { code: '111' } });
    expect(fuel).toMatchObject({ level: 'SPECIFIC', subclass: '110', nameRu: 'Оплата труда', nameKk: null });
    expect(fuel.definitionRu).toContain('доплаты, надбавки и повышения к должностному окладу');
    expect(fuel.validFrom.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    const subclasses = await db.prisma.economicClassification.count({ where: { level: 'SUBCLASS' } });
    expect(subclasses).toBe(28);
  });
});
