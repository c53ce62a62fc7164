// @zhospar/prisma: the database of Zhospar — schema, offline migrations, client, demo seed, and
// an embedded PostgreSQL for development and tests. Imports nothing from the workspace.
export { createPrismaClient, PrismaClient } from './createPrismaClient.ts';
export { Prisma } from './generated/client.ts';
export type {
  BudgetLevel,
  BudgetProgram,
  ClassificationLevel,
  Document,
  AuditEvent,
  AuditEventKind,
  CommentMessage,
  CommentThread,
  CommentThreadStatus,
  DiscussionDoc,
  DocumentKind,
  DocumentSnapshot,
  DocumentStatus,
  DocumentTransition,
  EconomicClassification,
  Locale,
  Notification,
  NotificationKind,
  Organisation,
  OrganisationKind,
  PlanningRound,
  Role,
  Signature,
  SigningKey,
  SigningKeyStatus,
  User,
  UserRole,
  VersionKind,
} from './generated/client.ts';
export {
  applyMigrations,
  migrationChecksum,
  MigrationHistoryError,
  MIGRATIONS_DIR,
  MIGRATIONS_TABLE,
  readMigrations,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  type MigrationFile,
} from './migrations/applyMigrations.ts';
export {
  EMBEDDED_POSTGRES_MAJOR,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
} from './startEmbeddedPostgres.ts';
export { createDatabase, databaseUrl, dropDatabase } from './databases.ts';
export { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { toBytes } from './toBytes.ts';
export { isValidKzIdentifier, kzCheckDigit } from './kzIdentifiers.ts';
export {
  demoPlanningRoundParameters,
  parsePlanningRoundParameters,
  type InflationCoefficients,
  type ParameterValue,
  type PlanningRoundParameters,
} from './planningRoundParameters.ts';
export { seedDemoData, type SeedSummary } from './seed/seedDemoData.ts';
export { DEMO_PASSWORD, demoLogins, type DemoLogin } from './seed/demoData.ts';
export {
  parseEconomicClassification,
  readEconomicClassification,
  type EconomicClassificationRow,
} from './seed/readEconomicClassification.ts';
