/**
 * A small per-process cache of display references (names of people, organisations, groups) for hot
 * read paths such as list pages, so that a page is one statement instead of one plus a lookup per kind.
 * Entries live `ttlMs` (a change made on another instance shows within that time); the owner forgets
 * an id at once when it changes it (and on the identity NOTIFY channel for users). Never use it for
 * anything a permission depends on: only for what is shown.
 */
export class RefCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 20_000,
  ) {}

  /**
   * The values of the ids that exist; unknown ids are absent (and asked for again next time). `load`
   * reads the missing ones (with the caller's connection or transaction).
   */
  async getMany(ids: Iterable<string>, load: (ids: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const now = Date.now();
    const out = new Map<string, V>();
    const missing: string[] = [];
    for (const id of ids) {
      if (!id || out.has(id)) continue;
      const e = this.entries.get(id);
      if (e && now - e.at < this.ttlMs) out.set(id, e.value);
      else if (!missing.includes(id)) missing.push(id);
    }
    if (missing.length) {
      const loaded = await load(missing);
      if (this.entries.size + loaded.size > this.max) this.entries.clear();
      for (const [id, value] of loaded) {
        this.entries.set(id, { value, at: now });
        out.set(id, value);
      }
    }
    return out;
  }

  forget(id?: string) {
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }
}
