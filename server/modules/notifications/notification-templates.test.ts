import { describe, expect, it } from 'vitest';
import { NOTICE_LOCALES, NOTICE_TEMPLATES, renderNotice, type NoticeVars } from './notification-templates.js';

const vars: Required<NoticeVars> = {
  ref: 'INC0000042',
  title: 'PDU {{url}} A12',
  url: 'https://portal.example/tickets/0190',
  actor: 'Ada Agent',
  org: 'Acme Hosting',
  priority: 'P2',
  agent: 'Bo Agent',
  excerpt: 'Breaker reset.',
  from: 'in_progress',
  to: 'waiting_for_customer',
  note: 'Replaced the PSU.',
  file: 'pdu-a12.log',
  into: 'INC0000041',
  intoUrl: 'https://portal.example/tickets/0189',
  score: 2,
  ratingUrl: 'https://portal.example/rate/abc',
  replyable: true,
};

describe('notification templates', () => {
  it('has every template in every language', () => {
    expect(NOTICE_TEMPLATES).toHaveLength(19);
    expect([...NOTICE_LOCALES].sort()).toEqual(['de', 'en', 'nb', 'ru']);
  });

  for (const template of NOTICE_TEMPLATES) {
    it(`${template}: the same facts in every language, the reference in the subject, the link in the mail`, () => {
      const en = renderNotice(template, 'en', vars);
      const used = Object.values(vars).filter((v): v is string => typeof v === 'string' && (en.body.includes(v) || en.title.includes(v)));
      for (const locale of NOTICE_LOCALES) {
        const r = renderNotice(template, locale, vars);
        expect(r.title.startsWith(`[${vars.ref}]`), `${locale} title`).toBe(true);
        expect(r.mailText).toContain(vars.url);
        // A title holding "{{url}}" is data, not a placeholder: nothing is filled in twice.
        expect(`${r.title}\n${r.mailText}`.replaceAll('PDU {{url}} A12', '')).not.toMatch(/\{\{|\}\}/);
        for (const v of used) expect(`${r.title}\n${r.body}`, `${locale} uses ${v}`).toContain(v);
      }
    });
  }

  it('asks for a rating when resolved, in the recipient’s language; falls back to English', () => {
    expect(renderNotice('resolved', 'en', vars).body).toContain('How did we do?');
    expect(renderNotice('resolved', 'de', vars).body).toContain('Wie zufrieden waren Sie?');
    expect(renderNotice('resolved', 'xx', vars).body).toContain('How did we do?');
    expect(renderNotice('status_changed', 'de', vars).title).toContain('wartet auf Sie');
    expect(renderNotice('reply_to_customer', 'en', { ...vars, actor: null }).body).toContain('The service desk');
  });

  it('puts five rating links into a resolution mail (not into the portal notice) and the reply hint under replyable mail', () => {
    for (const locale of NOTICE_LOCALES) {
      const r = renderNotice('resolved', locale, vars);
      for (const n of [1, 2, 3, 4, 5]) expect(r.mailText).toContain(`${vars.ratingUrl}?score=${n}`);
      expect(r.body).not.toContain(vars.ratingUrl);
      expect(r.mailText.split('\n').filter((l) => l.includes('/rate/'))).toHaveLength(5);
    }
    expect(renderNotice('resolved', 'en', { ...vars, ratingUrl: undefined }).mailText).not.toContain('/rate/');
    expect(renderNotice('reply_to_customer', 'en', vars).mailText).toContain('You can reply to this mail');
    expect(renderNotice('reply_to_customer', 'nb', { ...vars, replyable: false }).mailText).not.toContain('svare på denne e-posten');
    expect(renderNotice('rated_low', 'de', vars).title).toContain('2 von 5');
  });
});
