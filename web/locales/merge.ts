export type Tree = { [k: string]: string | Tree };

/** Deep-merges translation trees; a later tree wins on a conflicting leaf. */
export function mergeTranslations(...trees: Tree[]): Tree {
  const out: Tree = {};
  for (const tree of trees) {
    for (const [k, v] of Object.entries(tree)) {
      const prev = out[k];
      out[k] = typeof v === 'object' && typeof prev === 'object' ? mergeTranslations(prev, v) : typeof v === 'object' ? mergeTranslations(v) : v;
    }
  }
  return out;
}
