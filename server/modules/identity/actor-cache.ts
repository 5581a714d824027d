/**
 * A short-lived cache of resolved identities, keyed by the session cookie or a token hash, so a
 * request does not pay for a session lookup every time. Entries live a few seconds and are dropped
 * at once, on every instance (NOTIFY), when a user's sessions, role or status change.
 */
export type CachedIdentity<T> = { value: T; userId: string; expires: number };

export class ActorCache<T> {
  private readonly entries = new Map<string, CachedIdentity<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, userId: string, value: T): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, userId, expires: Date.now() + this.ttlMs });
  }

  /** Forgets every entry of one user (or all entries when userId is '*'). */
  invalidateUser(userId: string): void {
    for (const [k, e] of this.entries) if (userId === '*' || e.userId === userId) this.entries.delete(k);
  }
}
