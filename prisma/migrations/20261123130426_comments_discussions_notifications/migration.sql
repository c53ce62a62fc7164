-- CreateEnum
CREATE TYPE "CommentThreadStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('MENTION', 'REPLY');

-- AlterTable
ALTER TABLE "DocumentSnapshot" ADD COLUMN     "openThreadIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "DiscussionDoc" (
    "documentId" UUID NOT NULL,
    "yjsState" BYTEA NOT NULL,
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DiscussionDoc_pkey" PRIMARY KEY ("documentId")
);

-- CreateTable
CREATE TABLE "CommentThread" (
    "documentId" UUID NOT NULL,
    "threadId" TEXT NOT NULL,
    "sheetId" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "colId" TEXT NOT NULL,
    "status" "CommentThreadStatus" NOT NULL,
    "detached" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "authorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedById" UUID,
    "resolvedAt" TIMESTAMPTZ(3),
    "lastActivityAt" TIMESTAMPTZ(3) NOT NULL,
    "messageCount" INTEGER NOT NULL,
    "participantIds" UUID[],
    "mentionedIds" UUID[],

    CONSTRAINT "CommentThread_pkey" PRIMARY KEY ("documentId","threadId")
);

-- CreateTable
CREATE TABLE "CommentMessage" (
    "documentId" UUID NOT NULL,
    "threadId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "authorId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "body" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "editedAt" TIMESTAMPTZ(3),
    "deleted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CommentMessage_pkey" PRIMARY KEY ("documentId","threadId","messageId")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "documentId" UUID NOT NULL,
    "threadId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "actorId" UUID NOT NULL,
    "excerpt" TEXT NOT NULL,
    "readAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommentThread_documentId_status_deleted_idx" ON "CommentThread"("documentId", "status", "deleted");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_documentId_threadId_messageId_kind_key" ON "Notification"("userId", "documentId", "threadId", "messageId", "kind");

-- AddForeignKey
ALTER TABLE "DiscussionDoc" ADD CONSTRAINT "DiscussionDoc_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentMessage" ADD CONSTRAINT "CommentMessage_documentId_threadId_fkey" FOREIGN KEY ("documentId", "threadId") REFERENCES "CommentThread"("documentId", "threadId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
