-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('AUTHORIZED_BODY', 'ABP', 'GU', 'GKKP');

-- CreateEnum
CREATE TYPE "BudgetLevel" AS ENUM ('REPUBLICAN', 'LOCAL', 'DISTRICT', 'RURAL_DISTRICT');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ECONOMIST', 'HEAD', 'CURATOR', 'APPROVER', 'ADMIN');

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('ru', 'kk');

-- CreateEnum
CREATE TYPE "ClassificationLevel" AS ENUM ('SUBCLASS', 'SPECIFIC');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('BUDGET_REQUEST', 'FINANCING_PLAN', 'PKFO');

-- CreateEnum
CREATE TYPE "VersionKind" AS ENUM ('PLAN', 'CLARIFICATION', 'CORRECTION', 'FORECAST', 'REPORT');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('IN_WORK', 'SUBMITTED', 'RETURNED', 'APPROVED');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "parentId" UUID,
    "kind" "OrganisationKind" NOT NULL,
    "bin" CHAR(12) NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,
    "budgetLevel" "BudgetLevel" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "fullName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "locale" "Locale" NOT NULL DEFAULT 'ru',
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "role" "Role" NOT NULL,

    CONSTRAINT "UserRole_pkey" PRIMARY KEY ("userId","organisationId","role")
);

-- CreateTable
CREATE TABLE "PlanningRound" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "currentYear" INTEGER NOT NULL,
    "firstPlanYear" INTEGER NOT NULL,
    "lastPlanYear" INTEGER NOT NULL,
    "parameters" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PlanningRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EconomicClassification" (
    "id" UUID NOT NULL,
    "code" VARCHAR(8) NOT NULL,
    "level" "ClassificationLevel" NOT NULL,
    "subclass" VARCHAR(8),
    "nameRu" TEXT NOT NULL,
    "nameKk" TEXT,
    "definitionRu" TEXT,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,

    CONSTRAINT "EconomicClassification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetProgram" (
    "id" UUID NOT NULL,
    "administratorId" UUID NOT NULL,
    "code" CHAR(3) NOT NULL,
    "subprogramCode" CHAR(3),
    "nameRu" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,

    CONSTRAINT "BudgetProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "organisationId" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "programCode" CHAR(3) NOT NULL,
    "subprogramCode" CHAR(3),
    "versionKind" "VersionKind" NOT NULL,
    "versionNumber" INTEGER NOT NULL DEFAULT 1,
    "parentVersionId" UUID,
    "status" "DocumentStatus" NOT NULL DEFAULT 'IN_WORK',
    "title" TEXT NOT NULL,
    "yjsState" BYTEA,
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_bin_key" ON "Organisation"("bin");

-- CreateIndex
CREATE INDEX "Organisation_parentId_idx" ON "Organisation"("parentId");

-- CreateIndex
CREATE INDEX "Organisation_code_idx" ON "Organisation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "User_iin_key" ON "User"("iin");

-- CreateIndex
CREATE INDEX "User_organisationId_idx" ON "User"("organisationId");

-- CreateIndex
CREATE INDEX "UserRole_organisationId_role_idx" ON "UserRole"("organisationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "PlanningRound_name_key" ON "PlanningRound"("name");

-- CreateIndex
CREATE INDEX "EconomicClassification_subclass_idx" ON "EconomicClassification"("subclass");

-- CreateIndex
CREATE UNIQUE INDEX "EconomicClassification_code_validFrom_key" ON "EconomicClassification"("code", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetProgram_administratorId_code_subprogramCode_key" ON "BudgetProgram"("administratorId", "code", "subprogramCode");

-- CreateIndex
CREATE INDEX "Document_organisationId_roundId_kind_idx" ON "Document"("organisationId", "roundId", "kind");

-- CreateIndex
CREATE INDEX "Document_roundId_status_idx" ON "Document"("roundId", "status");

-- CreateIndex
CREATE INDEX "Document_parentVersionId_idx" ON "Document"("parentVersionId");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetProgram" ADD CONSTRAINT "BudgetProgram_administratorId_fkey" FOREIGN KEY ("administratorId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PlanningRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_parentVersionId_fkey" FOREIGN KEY ("parentVersionId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: CHECK constraints that schema.prisma cannot express (the schema engine ignores
-- them when diffing, so the agreement test still holds).
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_bin_format" CHECK ("bin" ~ '^[0-9]{12}$');
ALTER TABLE "User" ADD CONSTRAINT "User_iin_format" CHECK ("iin" ~ '^[0-9]{12}$');
ALTER TABLE "PlanningRound" ADD CONSTRAINT "PlanningRound_years" CHECK ("firstPlanYear" = "currentYear" + 1 AND "lastPlanYear" >= "firstPlanYear");
