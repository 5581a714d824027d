import { describe, expect, it } from 'vitest';
import { addMonths, csvRows, defaultRange, hasData, monthlyTotals, monthsBetween, orgRows, reportRange, type ReportRow } from './report-data';

const row = (over: Partial<ReportRow>): ReportRow => ({
  orgId: '00000000-0000-7000-8000-000000000001',
  orgName: 'Acme',
  month: '2025-03',
  opened: 0,
  resolved: 0,
  answered: 0,
  ratings: 0,
  meanFirstResponseMinutes: null,
  meanResolutionMinutes: null,
  withinSlaPercent: null,
  csatAverage: null,
  ...over,
});

describe('months', () => {
  it('moves across year ends both ways', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-03', -11)).toBe('2024-04');
  });

  it('lists every month of a range, both ends included', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-02', '2025-02')).toEqual(['2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });

  it('defaults to the last twelve months up to this one, like the server', () => {
    expect(defaultRange(new Date('2026-11-23T14:00:00Z'))).toEqual({ from: '2025-12', to: '2026-11' });
    expect(defaultRange(new Date('2026-01-31T23:59:00Z'))).toEqual({ from: '2025-02', to: '2026-01' });
  });

  it('fills in the month the address bar leaves out, and puts a reversed range in order', () => {
    const now = new Date('2026-11-23T14:00:00Z');
    expect(reportRange({}, now)).toEqual({ from: '2025-12', to: '2026-11' });
    expect(reportRange({ to: '2025-06' }, now)).toEqual({ from: '2024-07', to: '2025-06' });
    expect(reportRange({ from: '2026-02' }, now)).toEqual({ from: '2026-02', to: '2026-11' });
    expect(reportRange({ from: '2027-02' }, now)).toEqual({ from: '2027-02', to: '2027-02' });
    expect(reportRange({ from: '2026-05', to: '2026-01' }, now)).toEqual({ from: '2026-01', to: '2026-05' });
  });
});

describe('monthlyTotals', () => {
  it('fills months without tickets with zeros and no means', () => {
    const out = monthlyTotals([row({ month: '2025-03', opened: 2, resolved: 1, answered: 2, meanFirstResponseMinutes: 90, meanResolutionMinutes: 30, withinSlaPercent: 100 })], '2025-02', '2025-04');
    expect(out.map((m) => m.month)).toEqual(['2025-02', '2025-03', '2025-04']);
    expect(out[0]).toEqual({ month: '2025-02', opened: 0, resolved: 0, firstResponseHours: null, resolutionHours: null, withinSlaPercent: null, csatAverage: null });
    expect(out[1]).toEqual({ month: '2025-03', opened: 2, resolved: 1, firstResponseHours: 1.5, resolutionHours: 0.5, withinSlaPercent: 100, csatAverage: null });
  });

  it('adds counts across organisations and weights their means by what each averages', () => {
    const acme = row({ month: '2025-03', opened: 3, resolved: 2, answered: 3, ratings: 1, meanFirstResponseMinutes: 20, meanResolutionMinutes: 200, withinSlaPercent: 50, csatAverage: 5 });
    const globex = row({ orgId: '00000000-0000-7000-8000-000000000002', orgName: 'Globex', month: '2025-03', opened: 1, resolved: 1, answered: 1, ratings: 3, meanFirstResponseMinutes: 60, meanResolutionMinutes: 50, withinSlaPercent: 100, csatAverage: 1 });
    const [march] = monthlyTotals([acme, globex], '2025-03', '2025-03');
    // First response: (3×20 + 1×60) / 4 = 30 min; resolution: (2×200 + 1×50) / 3 = 150 min;
    // within SLA: (2×50 + 1×100) / 3 = 66.7 %; CSAT: (1×5 + 3×1) / 4 = 2.
    expect(march).toEqual({ month: '2025-03', opened: 4, resolved: 3, firstResponseHours: 0.5, resolutionHours: 2.5, withinSlaPercent: 66.7, csatAverage: 2 });
  });

  it('ignores a mean without anything behind it', () => {
    const [m] = monthlyTotals([row({ opened: 1, answered: 0, meanFirstResponseMinutes: null }), row({ orgName: 'B', opened: 1, answered: 1, meanFirstResponseMinutes: 30 })], '2025-03', '2025-03');
    expect(m!.firstResponseHours).toBe(0.5);
  });
});

describe('hasData, CSV and the breakdown', () => {
  it('knows an empty report', () => {
    expect(hasData([])).toBe(false);
    expect(hasData([row({})])).toBe(false);
    expect(hasData([row({ ratings: 1, csatAverage: 4 })])).toBe(true);
  });

  it('writes one CSV line per month with the table figures', () => {
    const months = monthlyTotals([row({ opened: 2, resolved: 2, meanResolutionMinutes: 45, withinSlaPercent: 50 })], '2025-03', '2025-04');
    expect(csvRows(months)).toEqual([
      ['2025-03', 2, 2, null, 0.8, 50, null],
      ['2025-04', 0, 0, null, null, null, null],
    ]);
  });

  it('lists the breakdown by organisation name, then month, in hours', () => {
    const out = orgRows([row({ orgName: 'Globex', month: '2025-01' }), row({ orgName: 'Acme', month: '2025-02', meanFirstResponseMinutes: 15 }), row({ orgName: 'Acme', month: '2025-01' })]);
    expect(out.map((r) => `${r.orgName} ${r.month}`)).toEqual(['Acme 2025-01', 'Acme 2025-02', 'Globex 2025-01']);
    expect(out[1]!.firstResponseHours).toBe(0.3);
  });
});
