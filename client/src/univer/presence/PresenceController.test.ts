import { describe, expect, it } from 'vitest';
import { readPeers, shortName } from './PresenceController';

describe('readPeers', () => {
  it('lists valid peers, self first, and drops malformed states', () => {
    const states = new Map<number, Record<string, unknown>>([
      [3, { user: { id: 'u3', name: 'Бекова', color: '#112233' }, cursor: { sheetId: 's', rowId: 'r', colId: 'c' } }],
      [1, { user: { id: 'u1', name: 'Ахметов', color: '#445566' }, cursor: null }],
      [2, { user: { id: 'u2', name: 'X', color: 'red; background:url(x)' } }],
      [4, {}],
      [9, { user: { id: 'me', name: 'Я', color: '#000000' } }],
    ]);
    const peers = readPeers(states, 9);
    expect(peers.map((p) => p.user.id)).toEqual(['me', 'u1', 'u3']);
    expect(peers[2]?.cursor).toEqual({ sheetId: 's', rowId: 'r', colId: 'c' });
  });
});

describe('shortName', () => {
  it('keeps the surname and initials, drops remarks in brackets', () => {
    expect(shortName('Сапарова Айгерим (демо)')).toBe('Сапарова А.');
    expect(shortName('Жумабаев Ерлан Серикович')).toBe('Жумабаев Е. С.');
    expect(shortName('Admin')).toBe('Admin');
  });
});
