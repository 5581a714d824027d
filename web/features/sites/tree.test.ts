import { describe, expect, it } from 'vitest';
import type { SitesTreeDto } from '../../../contracts/sites';
import { nestRefs, nestTree, nodeMatches, pathInSite, subtreeIds } from './tree';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const loc = (n: number, parent: number | null, name: string, sort = 0, kind: 'building' | 'room' | 'cage' = 'cage') => ({
  id: id(n),
  siteId: id(100),
  parentId: parent === null ? null : id(parent),
  kind,
  code: `L${n}`,
  name,
  sort,
  active: true,
  path: `OSL1 › ${name}`,
});
const tree: SitesTreeDto = {
  regions: [{ id: id(200), code: 'NORDICS', name: 'Nordics', active: true }],
  sites: [{ id: id(100), regionId: id(200), code: 'OSL1', name: 'Oslo 1', address: 'Ole Deviks vei 10', country: 'NO', timeZone: 'Europe/Oslo', active: true }],
  locations: [loc(1, null, 'Building 1', 0, 'building'), loc(3, 1, 'Hall B', 20, 'room'), loc(2, 1, 'Hall A', 10, 'room'), loc(4, 2, 'Cage A01'), loc(5, 4, 'Sub')],
  racks: [{ id: id(9), locationId: id(4), siteId: id(100), code: 'A01-R02', units: 42, powerKw: null, notes: '', active: true, path: 'OSL1 › Building 1 › Hall A › Cage A01 › A01-R02' }],
  holders: [],
};

describe('sites tree', () => {
  it('nests regions, sites, locations in their order, and racks', () => {
    const [region] = nestTree(tree);
    const site = region!.sites[0]!;
    expect(site.racks).toBe(1);
    expect(site.roots.map((r) => r.location.name)).toEqual(['Building 1']);
    expect(site.roots[0]!.children.map((c) => c.location.name)).toEqual(['Hall A', 'Hall B']);
    const cage = site.roots[0]!.children[0]!.children[0]!;
    expect(cage.racks.map((r) => r.code)).toEqual(['A01-R02']);
    expect(nodeMatches(site.roots[0]!, 'a01-r02')).toBe(true);
    expect(nodeMatches(site.roots[0]!.children[1]!, 'a01')).toBe(false);
  });

  it('finds a location with everything below it, so no cycle is offered', () => {
    expect([...subtreeIds(tree, id(2))].sort()).toEqual([id(2), id(4), id(5)]);
  });

  it('nests a customer’s places under the ones it may use and shortens paths within a site', () => {
    const refs = [
      { id: id(4), siteId: id(100), siteCode: 'OSL1', siteName: 'Oslo 1', kind: 'cage' as const, code: 'A01', name: 'Cage A01', path: 'OSL1 › Hall A › Cage A01', parentId: id(2) },
      { id: id(9), siteId: id(100), siteCode: 'OSL1', siteName: 'Oslo 1', kind: 'rack' as const, code: 'A01-R02', name: 'A01-R02', path: 'OSL1 › Hall A › Cage A01 › A01-R02', parentId: id(4) },
    ];
    const roots = nestRefs(refs);
    expect(roots.map((r) => r.ref.id)).toEqual([id(4)]);
    expect(roots[0]!.children.map((c) => c.ref.id)).toEqual([id(9)]);
    expect(pathInSite(refs[0]!)).toBe('Hall A › Cage A01');
  });
});
