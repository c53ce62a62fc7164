import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { deleteRow, insertRow, moveRow } from '../SheetModel.ts';
import { buildDocument, forkDocument, lookup } from '../test/fixtures.ts';
import { plainCommentBody } from './commentBody.ts';
import { anchorState, createThread, readThreads } from './DiscussionModel.ts';

const NOW = 1_795_000_000_000;
const curator = '11111111-1111-4111-8111-111111111111';

describe('thread anchors', () => {
  it('[C3] a thread stays on its row through concurrent inserts and moves, and is detached (not lost) when the row is deleted', () => {
    const cells = buildDocument();
    insertRow(cells, 's1', 'a', {});
    insertRow(cells, 's1', 'b', {});
    insertRow(cells, 's1', 'c', {});
    const discussion = new Y.Doc();
    createThread(discussion, { threadId: 't1', messageId: 'm1', anchor: { sheetId: 's1', rowId: 'b', colId: 'price' }, authorId: curator, body: plainCommentBody('x'), now: NOW });
    createThread(discussion, { threadId: 't2', messageId: 'm2', anchor: { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, authorId: curator, body: plainCommentBody('y'), now: NOW });
    const left = forkDocument(cells, 10);
    const right = forkDocument(cells, 11);
    insertRow(left, 's1', 'new1', { after: null });
    moveRow(right, 's1', 'b', { after: 'c' });
    insertRow(right, 's1', 'new2', { before: 'b' });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    const [t1, t2] = readThreads(discussion);
    for (const doc of [left, right]) {
      expect(anchorState(doc, t1!.anchor, lookup)).toBe('live');
      expect(anchorState(doc, t2!.anchor, lookup)).toBe('live');
    }
    deleteRow(left, 's1', 'b');
    expect(anchorState(left, t1!.anchor, lookup)).toBe('detached');
    expect(readThreads(discussion).map((t) => t.threadId)).toEqual(['t1', 't2']);
    expect(anchorState(left, { sheetId: 'nope', rowId: 'b', colId: 'price' }, lookup)).toBe('detached');
  });
});
