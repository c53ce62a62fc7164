import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  PROTOCOL_VERSION,
  REJECTION_REASONS,
  closeCodeMessage,
  decodeUpdateRejected,
  encodeUpdateRejected,
  isCloseCode,
  rejectionMessage,
  updateRejectedMessage,
} from './protocol.ts';

const cyrillic = /[А-Яа-яЁё]/;
const kazakhLetters = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

describe('protocol', () => {
  it('[P1] is version 1', () => {
    expect(PROTOCOL_VERSION).toBe(1);
  });

  it('[P3] close codes are the agreed numbers', () => {
    expect(CloseCode).toEqual({
      Unauthorized: 4401,
      Forbidden: 4403,
      NotFound: 4404,
      TooLarge: 4413,
      UpdateRejected: 4422,
      ProtocolMismatch: 4426,
      LoadFailed: 4503,
    });
    expect(isCloseCode(4422)).toBe(true);
    expect(isCloseCode(1000)).toBe(false);
  });

  it('[P4] every close code and rejection reason has distinct ru and kk text', () => {
    const messages = [
      ...Object.values(CloseCode).map((code) => closeCodeMessage(code)),
      ...REJECTION_REASONS.map((reason) => rejectionMessage(reason)),
    ];
    let kazakhSpecific = 0;
    for (const { ru, kk } of messages) {
      expect(ru).toMatch(cyrillic);
      expect(kk).toMatch(cyrillic);
      expect(kk).not.toBe(ru);
      if (kazakhLetters.test(kk)) kazakhSpecific++;
    }
    expect(kazakhSpecific).toBeGreaterThan(messages.length / 2);
  });

  it('[P5] encodes the update-rejected message with the agreed shape', () => {
    const encoded = encodeUpdateRejected(updateRejectedMessage('calculated-cell'));
    expect(JSON.parse(encoded)).toEqual({
      type: 'update-rejected',
      reason: 'calculated-cell',
      message: rejectionMessage('calculated-cell'),
    });
    expect(decodeUpdateRejected(encoded)).toEqual(updateRejectedMessage('calculated-cell'));
  });

  it('[P6] decodes strictly: anything else is not an update-rejected message', () => {
    const ok = { type: 'update-rejected', reason: 'invalid-value', message: { ru: 'а', kk: 'ә' } };
    expect(decodeUpdateRejected(JSON.stringify(ok))).toEqual(ok);
    for (const bad of [
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...ok, type: 'other' }),
      JSON.stringify({ ...ok, reason: 'because' }),
      JSON.stringify({ ...ok, extra: 1 }),
      JSON.stringify({ ...ok, message: { ru: 'а' } }),
      JSON.stringify({ ...ok, message: { ru: 'а', kk: 1 } }),
      JSON.stringify({ ...ok, message: { ru: 'а', kk: 'ә', en: 'a' } }),
      JSON.stringify({ type: 'update-rejected', reason: 'invalid-value' }),
    ]) {
      expect(decodeUpdateRejected(bad), bad).toBeNull();
    }
  });
});
