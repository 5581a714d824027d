import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens that travel in mail: the reply address of a ticket mail (`reply+<token>@domain`) and
 * the one-click rating links of a resolution mail. Both are HMAC-SHA256 under a key derived (HKDF) from
 * the auth secret, so they verify without a database lookup and every instance sharing AUTH_SECRET
 * accepts them. Nothing is stored; a token is worthless once the ticket or user is gone.
 */
export type MailTokens = {
  /** The domain of reply addresses and of our Message-IDs. */
  readonly domain: string;
  /** `reply+<token>@domain` for one recipient of one ticket's mail. */
  replyAddress(ticketId: string, userId: string): string;
  /** The ticket a reply token names, if its signature matches this user (the sender). */
  verifyReply(token: string, userId: string): string | null;
  /** The ticket id a reply token claims, unverified (for the log). */
  ticketOfReply(token: string): string | null;
  /** A rating-link token for this ticket and user, valid for RATING_LINK_DAYS. */
  ratingToken(ticketId: string, userId: string, now?: Date): string;
  /** Ticket, user and expiry of a rating-link token; null if forged, malformed or expired. */
  verifyRating(token: string, now?: Date): { ticketId: string; userId: string; expiresAt: Date } | null;
  /** An order-approval link token: this approver may decide this step of this order, for ORDER_DECISION_LINK_DAYS. */
  orderDecisionToken(orderId: string, step: 'customer' | 'provider', userId: string, now?: Date): string;
  /** Order, step, approver and expiry of an order-approval token; null if forged, malformed or expired. */
  verifyOrderDecision(token: string, now?: Date): { orderId: string; step: 'customer' | 'provider'; userId: string; expiresAt: Date } | null;
  /** Message-ID of one ticket mail; every mail of the ticket points at the ticket's root id. */
  messageId(ticketId: string, mailId: string): string;
  threadRoot(ticketId: string): string;
};

export const RATING_LINK_DAYS = 30;
export const ORDER_DECISION_LINK_DAYS = 14;
const REPLY_MAC_BYTES = 10; // 80 bits: the address stays within SMTP's 64-octet local part
const RATING_MAC_BYTES = 16;

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Lower-case base32: mail systems may fold the case of an address's local part. */
function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
function unbase32(s: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s.toLowerCase()) {
    const i = B32.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Builds the token helpers from the auth secret and the mail domain. */
export function createMailTokens(secret: string, domain: string): MailTokens {
  const key = Buffer.from(hkdfSync('sha256', secret, 'portico', 'mail-tokens v1', 32));
  const mac = (purpose: string, ...parts: (string | Buffer)[]) => {
    const h = createHmac('sha256', key).update(purpose);
    for (const p of parts) h.update('\0').update(p);
    return h.digest();
  };
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  const replyParts = (token: string) => {
    const raw = /^[a-z2-7]{42}$/i.test(token) ? unbase32(token) : null;
    return raw && raw.length === 16 + REPLY_MAC_BYTES ? { ticketId: uuidOf(raw.subarray(0, 16)), sig: raw.subarray(16) } : null;
  };
  return {
    domain,
    replyAddress(ticketId, userId) {
      const sig = mac('reply', ticketId, userId).subarray(0, REPLY_MAC_BYTES);
      return `reply+${base32(Buffer.concat([uuidBytes(ticketId), sig]))}@${domain}`;
    },
    verifyReply(token, userId) {
      const p = replyParts(token);
      if (!p) return null;
      return same(p.sig, mac('reply', p.ticketId, userId).subarray(0, REPLY_MAC_BYTES)) ? p.ticketId : null;
    },
    ticketOfReply(token) {
      return replyParts(token)?.ticketId ?? null;
    },
    ratingToken(ticketId, userId, now = new Date()) {
      const exp = Buffer.alloc(4);
      exp.writeUInt32BE(Math.floor(now.getTime() / 1000) + RATING_LINK_DAYS * 86_400);
      const body = Buffer.concat([uuidBytes(ticketId), uuidBytes(userId), exp]);
      return Buffer.concat([body, mac('rate', body).subarray(0, RATING_MAC_BYTES)]).toString('base64url');
    },
    verifyRating(token, now = new Date()) {
      if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length !== 36 + RATING_MAC_BYTES) return null;
      const body = raw.subarray(0, 36);
      if (!same(raw.subarray(36), mac('rate', body).subarray(0, RATING_MAC_BYTES))) return null;
      const expiresAt = new Date(body.readUInt32BE(32) * 1000);
      if (expiresAt <= now) return null;
      return { ticketId: uuidOf(body.subarray(0, 16)), userId: uuidOf(body.subarray(16, 32)), expiresAt };
    },
    orderDecisionToken(orderId, step, userId, now = new Date()) {
      const tail = Buffer.alloc(5);
      tail.writeUInt8(step === 'customer' ? 1 : 2, 0);
      tail.writeUInt32BE(Math.floor(now.getTime() / 1000) + ORDER_DECISION_LINK_DAYS * 86_400, 1);
      const body = Buffer.concat([uuidBytes(orderId), uuidBytes(userId), tail]);
      return Buffer.concat([body, mac('order-decision', body).subarray(0, RATING_MAC_BYTES)]).toString('base64url');
    },
    verifyOrderDecision(token, now = new Date()) {
      if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length !== 37 + RATING_MAC_BYTES) return null;
      const body = raw.subarray(0, 37);
      if (!same(raw.subarray(37), mac('order-decision', body).subarray(0, RATING_MAC_BYTES))) return null;
      const stepByte = body.readUInt8(32);
      if (stepByte !== 1 && stepByte !== 2) return null;
      const expiresAt = new Date(body.readUInt32BE(33) * 1000);
      if (expiresAt <= now) return null;
      return { orderId: uuidOf(body.subarray(0, 16)), userId: uuidOf(body.subarray(16, 32)), step: stepByte === 1 ? 'customer' : 'provider', expiresAt };
    },
    messageId: (ticketId, mailId) => `<ticket.${ticketId}.${mailId}@${domain}>`,
    threadRoot: (ticketId) => `<ticket.${ticketId}@${domain}>`,
  };
}

/** The ticket and mail ids of one of our Message-IDs (`<ticket.<ticket>.<mail>@…>` or the root `<ticket.<ticket>@…>`). */
export function parseTicketMessageId(id: string): { ticketId: string; mailId: string | null } | null {
  const m = /^<?ticket\.([0-9a-f-]{36})(?:\.([0-9a-f-]{36}))?@[^>\s]+>?$/i.exec(id.trim());
  if (!m || !UUID.test(m[1]!.toLowerCase()) || (m[2] && !UUID.test(m[2].toLowerCase()))) return null;
  return { ticketId: m[1]!.toLowerCase(), mailId: m[2]?.toLowerCase() ?? null };
}
