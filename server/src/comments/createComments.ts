import type { Hocuspocus } from '@hocuspocus/server';
import type { SchemaLookup } from '@zhospar/collab';
import type { PrismaClient } from '@zhospar/prisma';
import type { AccessService } from '../access/AccessService.ts';
import type { DiscussionListener } from '../collaboration/DiscussionExtension.ts';
import type { WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { CommentsProjection } from './CommentsProjection.ts';
import { NotificationService } from './NotificationService.ts';
import { ThreadQueries } from './ThreadQueries.ts';

/** The comments feature (замечания): projection, notifications, queries, and their collaboration listener. */
export interface Comments {
  projection: CommentsProjection;
  notifications: NotificationService;
  threads: ThreadQueries;
  /** Hand to createCollaboration (`discussions.listener`). */
  listener: DiscussionListener;
  /** Connects the live documents and socket.io events once they exist. */
  attach(hocuspocus: Hocuspocus, events: WorkspaceEvents): void;
  /** Writes what is queued (projection, notifications); call after the documents are unloaded. */
  close(): Promise<void>;
}

/** Builds the comments feature for one server process. */
export function createComments(prisma: PrismaClient, access: AccessService, lookup: SchemaLookup): Comments {
  const projection = new CommentsProjection(prisma, lookup);
  const notifications = new NotificationService(prisma, access);
  return {
    projection,
    notifications,
    threads: new ThreadQueries(prisma, projection),
    listener: {
      applied(documentId, doc, author, changes) {
        projection.schedule(documentId);
        notifications.handle(documentId, doc, author, changes);
      },
      rowsChanged(documentId) {
        projection.schedule(documentId);
      },
    },
    attach(hocuspocus, events) {
      projection.attach(hocuspocus, events);
      notifications.attach(events);
    },
    async close() {
      await notifications.flush();
      await projection.close();
    },
  };
}
