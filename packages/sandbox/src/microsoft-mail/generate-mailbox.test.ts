import { contentHash } from '@tributary/core';
import { describe, expect, it } from 'vitest';
import { MESSAGE_SELECT } from './fields.ts';
import { generateMailbox } from './generate-mailbox.ts';
import { projectMessage } from './mailbox.ts';
import { mailboxConfigSchema } from './mailbox-config.ts';

const ANCHOR = Date.parse('2026-06-01T12:00:00Z');
const config = mailboxConfigSchema.parse({ id: 'user_1', messages: 400, ageDays: 100 });

function fingerprint(seed: number, epoch: string) {
  const mailbox = generateMailbox(seed, config, ANCHOR, epoch);
  return [...mailbox.messages.values()].map((m) => contentHash(projectMessage(m, MESSAGE_SELECT)));
}

describe('generateMailbox', () => {
  // Times are relative to the anchor (the mailbox's first use); the same seed and anchor give the same mail.
  it('gives the same mail for the same seed and anchor, whatever the reset count', () => {
    expect(fingerprint(9, '9.1')).toEqual(fingerprint(9, '9.2'));
    expect(fingerprint(10, '10.1')).not.toEqual(fingerprint(9, '9.1'));
  });

  it('keeps every message inside [created, anchor)', () => {
    const mailbox = generateMailbox(9, config, ANCHOR, 'e');
    expect(mailbox.messages.size).toBe(400);
    for (const m of mailbox.messages.values()) {
      expect(m.receivedMs).toBeGreaterThanOrEqual(mailbox.createdMs);
      expect(m.receivedMs).toBeLessThan(ANCHOR);
      expect(m.lastModifiedMs).toBeGreaterThanOrEqual(m.receivedMs);
    }
  });
});
