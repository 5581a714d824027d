import { describe, expect, it } from 'vitest';
import { eventLabel, humanizeEvent, preferenceEvents } from './events';

describe('preferenceEvents', () => {
  const known = ['ticket_created', 'ticket_assigned', 'ticket_reply', 'internal_note', 'status_changed', 'ticket_resolved', 'sla_alert'];

  it('offers staff every event, known ones in the contract order, then new ones in the server order', () => {
    expect(preferenceEvents([...known].reverse().concat(['x_cabinet_opened', 'x_badge_used']), true)).toEqual([...known, 'x_cabinet_opened', 'x_badge_used']);
  });

  it('leaves the staff-only events out for customers but keeps new ones', () => {
    expect(preferenceEvents([...known, 'ticket_rated', 'x_cabinet_opened'], false)).toEqual(['ticket_created', 'ticket_assigned', 'ticket_reply', 'status_changed', 'ticket_resolved', 'x_cabinet_opened']);
  });

  it('offers nothing the server did not send', () => {
    expect(preferenceEvents(['ticket_reply'], true)).toEqual(['ticket_reply']);
  });
});

describe('event labels', () => {
  const dict: Record<string, string> = { 'bell.events.ticket_reply': 'Replies' };
  const i18n = { t: (k: string) => dict[k] ?? k, exists: (k: string) => k in dict };

  it('uses the translation when there is one', () => {
    expect(eventLabel(i18n, 'ticket_reply')).toBe('Replies');
  });

  it('falls back to a readable name for an event without one', () => {
    expect(eventLabel(i18n, 'cabinet_opened')).toBe('Cabinet opened');
    expect(humanizeEvent('csat.rating-received')).toBe('Csat rating received');
    expect(humanizeEvent('')).toBe('');
  });
});
