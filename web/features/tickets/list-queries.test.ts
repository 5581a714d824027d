import { describe, expect, it } from 'vitest';
import { ticketExportUrl } from './list-queries';

const params = (url: string) => {
  const u = new URL(url, 'http://portal.example');
  expect(u.pathname).toBe('/api/v1/tickets/export.csv');
  return Object.fromEntries(u.searchParams);
};

describe('the export link', () => {
  it('carries the list’s filters and queue, and nothing the export would refuse', () => {
    // Agents: the default tab is the "all open" queue; "All tickets" is every status.
    expect(params(ticketExportUrl({}, true))).toEqual({ queue: 'all_open' });
    expect(params(ticketExportUrl({ queue: 'everything' }, true))).toEqual({});
    expect(params(ticketExportUrl({ queue: 'everything', status: 'resolved' }, true))).toEqual({ status: 'resolved' });
    expect(params(ticketExportUrl({ queue: 'mine', status: 'open', kind: 'incident', orgId: '0190aaaa-0000-7000-8000-000000000001', q: 'PDU B' }, true))).toEqual({
      queue: 'mine',
      kind: 'incident',
      orgId: '0190aaaa-0000-7000-8000-000000000001',
      q: 'PDU B',
    });
    // Customers: their open tickets by default, "all" drops the status; never a queue or an organisation.
    expect(params(ticketExportUrl({}, false))).toEqual({ status: 'open' });
    expect(params(ticketExportUrl({ status: 'all' }, false))).toEqual({});
    expect(params(ticketExportUrl({ queue: 'mine', orgId: '0190aaaa-0000-7000-8000-000000000001', categoryId: '0190aaaa-0000-7000-8000-000000000002' }, false))).toEqual({
      status: 'open',
      categoryId: '0190aaaa-0000-7000-8000-000000000002',
    });
    // A search with characters that mean something in a URL arrives intact.
    expect(params(ticketExportUrl({ q: 'a&b=c #1' }, false)).q).toBe('a&b=c #1');
  });
});
