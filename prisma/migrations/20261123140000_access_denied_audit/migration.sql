-- AlterEnum: refused access (bad token, foreign or unknown document, foreign origin) is audited.
ALTER TYPE "AuditEventKind" ADD VALUE 'ACCESS_DENIED';
