import { describe, expect, it } from 'vitest';
import { decodeStatusChanged, encodeStatusChanged } from './workflowMessages.ts';

describe('[P9] status-changed messages', () => {
  it('round-trips every status with read-only flag and reason', () => {
    const payload = encodeStatusChanged({ status: 'RETURNED', readOnly: false, reason: 'Нет расчёта по 144' });
    expect(JSON.parse(payload)).toEqual({ type: 'status-changed', status: 'RETURNED', readOnly: false, reason: 'Нет расчёта по 144' });
    expect(decodeStatusChanged(payload)).toEqual({ type: 'status-changed', status: 'RETURNED', readOnly: false, reason: 'Нет расчёта по 144' });
    expect(decodeStatusChanged(encodeStatusChanged({ status: 'SUBMITTED', readOnly: true, reason: null }))?.readOnly).toBe(true);
  });

  it.each([
    ['not JSON', '{'],
    ['another message', JSON.stringify({ type: 'update-rejected', reason: 'malformed', message: { ru: '', kk: '' } })],
    ['an unknown status', JSON.stringify({ type: 'status-changed', status: 'DRAFT', readOnly: true, reason: null })],
    ['a missing key', JSON.stringify({ type: 'status-changed', status: 'APPROVED', reason: null })],
    ['an extra key', JSON.stringify({ type: 'status-changed', status: 'APPROVED', readOnly: true, reason: null, x: 1 })],
    ['a non-boolean readOnly', JSON.stringify({ type: 'status-changed', status: 'APPROVED', readOnly: 'yes', reason: null })],
    ['a numeric reason', JSON.stringify({ type: 'status-changed', status: 'APPROVED', readOnly: true, reason: 5 })],
    ['an array', '[]'],
  ])('decodes %s as null', (_label, payload) => {
    expect(decodeStatusChanged(payload)).toBeNull();
  });

  it('refuses to encode an unknown status', () => {
    expect(() => encodeStatusChanged({ status: 'DRAFT' as 'IN_WORK', readOnly: true, reason: null })).toThrow();
  });
});
