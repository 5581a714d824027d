import { describe, expect, it } from 'vitest';
import { createMailTokens, ORDER_DECISION_LINK_DAYS } from '../../platform/mail-tokens.js';

const tokens = createMailTokens('a secret of at least thirty-two characters', 'mail.example');
const other = createMailTokens('another secret of at least thirty-two chars', 'mail.example');
const order = '0190f0f0-0000-7000-8000-000000000001';
const user = '0190f0f0-0000-7000-8000-000000000002';

describe('order approval link tokens', () => {
  it('name the order, the step and the approver, and expire after 14 days', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const t = tokens.orderDecisionToken(order, 'provider', user, now);
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.verifyOrderDecision(t, now)).toEqual({ orderId: order, userId: user, step: 'provider', expiresAt: new Date(now.getTime() + ORDER_DECISION_LINK_DAYS * 86_400_000) });
    expect(tokens.verifyOrderDecision(t, new Date(now.getTime() + 14 * 86_400_000 + 1000))).toBeNull();
  });

  it('refuses a forged, tampered, foreign or rating token', () => {
    const t = tokens.orderDecisionToken(order, 'customer', user);
    const raw = Buffer.from(t, 'base64url');
    raw[32] = 2; // customer → provider
    expect(tokens.verifyOrderDecision(raw.toString('base64url'))).toBeNull();
    expect(other.verifyOrderDecision(t)).toBeNull();
    expect(tokens.verifyOrderDecision(tokens.ratingToken(order, user))).toBeNull();
    expect(tokens.verifyRating(t)).toBeNull();
    expect(tokens.verifyOrderDecision('not a token')).toBeNull();
    expect(tokens.verifyOrderDecision(t.slice(0, -2))).toBeNull();
  });
});
