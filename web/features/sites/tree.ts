import type { LocationDto, LocationRef, RackDto, RegionDto, SiteDto, SitesTreeDto } from '../../../contracts/sites';

/** A location with what lies below it. */
export type LocationNode = { location: LocationDto; children: LocationNode[]; racks: RackDto[] };
export type SiteNode = { site: SiteDto; roots: LocationNode[]; racks: number };
export type RegionNode = { region: RegionDto; sites: SiteNode[] };

/** Nests the flat tree of the API: regions → sites → locations (by parent, in their order) → racks. */
export function nestTree(tree: SitesTreeDto): RegionNode[] {
  const nodes = new Map(tree.locations.map((l) => [l.id, { location: l, children: [], racks: [] } as LocationNode]));
  for (const r of tree.racks) nodes.get(r.locationId)?.racks.push(r);
  const roots = new Map<string, LocationNode[]>();
  for (const n of nodes.values()) {
    const parent = n.location.parentId ? nodes.get(n.location.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.set(n.location.siteId, [...(roots.get(n.location.siteId) ?? []), n]);
  }
  const order = (a: LocationNode, b: LocationNode) => a.location.sort - b.location.sort || a.location.code.localeCompare(b.location.code, undefined, { numeric: true });
  const sortDeep = (list: LocationNode[]): LocationNode[] => {
    list.sort(order);
    for (const n of list) {
      sortDeep(n.children);
      n.racks.sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
    }
    return list;
  };
  const rackCount = (siteId: string) => tree.racks.filter((r) => r.siteId === siteId).length;
  return tree.regions.map((region) => ({
    region,
    sites: tree.sites.filter((s) => s.regionId === region.id).map((site) => ({ site, roots: sortDeep(roots.get(site.id) ?? []), racks: rackCount(site.id) })),
  }));
}

const norm = (s: string) => s.toLocaleLowerCase().normalize('NFKD');

/** Whether a location, one of its racks or anything below it matches the search words. */
export function nodeMatches(n: LocationNode, q: string): boolean {
  if (!q.trim()) return true;
  const words = norm(q).split(/\s+/).filter(Boolean);
  const hit = (text: string) => words.every((w) => norm(text).includes(w));
  return hit(`${n.location.path} ${n.location.code} ${n.location.kind}`) || n.racks.some((r) => hit(r.path)) || n.children.some((c) => nodeMatches(c, q));
}

/** Whether a site (its code, name, address) matches; then everything in it is shown. */
export function siteMatches(s: SiteDto, q: string): boolean {
  if (!q.trim()) return true;
  return norm(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => norm(`${s.code} ${s.name} ${s.address}`).includes(w));
}

/** The ids of a location and everything below it (for offering parents without cycles). */
export function subtreeIds(tree: SitesTreeDto, id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of tree.locations) if (l.parentId && out.has(l.parentId) && !out.has(l.id)) {
      out.add(l.id);
      grew = true;
    }
  }
  return out;
}

/** A customer's places nested by parent within what it may use: roots are the places whose parent it may not use. */
export type RefNode = { ref: LocationRef; children: RefNode[] };
export function nestRefs(items: LocationRef[]): RefNode[] {
  const nodes = new Map(items.map((r) => [r.id, { ref: r, children: [] } as RefNode]));
  const roots: RefNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.ref.parentId ? nodes.get(n.ref.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** The path without the site code in front ("Building 1 › Hall A › Cage A01"), for lists grouped by site. */
export const pathInSite = (ref: { path: string; siteCode: string }) => (ref.path.startsWith(`${ref.siteCode} › `) ? ref.path.slice(ref.siteCode.length + 3) : ref.path);
