import { describe, expect, it } from 'vitest';
import { ORDER_NOTICE_LOCALES, ORDER_NOTICE_TEMPLATES, renderOrderNotice, type OrderNoticeVars } from './order-templates.js';

const vars: Required<OrderNoticeVars> = {
  ref: 'ORD0000042',
  item: 'Smart hands {{url}}',
  url: 'https://portal.example/orders/0190',
  actor: 'Eva Approver',
  requester: 'Jonas Requester',
  org: 'Acme Hosting',
  step: 'customer',
  note: 'Fine by me.',
  excerpt: 'Use the rear door.',
  file: 'drawing.pdf',
  group: 'Smart hands team',
  tasks: ['Mount the server'],
  decideUrl: 'https://portal.example/orders/0190?decide=abc',
};

describe('order notification templates', () => {
  it('has every template in every language', () => {
    expect(ORDER_NOTICE_TEMPLATES.length).toBe(14);
    expect([...ORDER_NOTICE_LOCALES].sort()).toEqual(['de', 'en', 'nb', 'ru']);
  });

  for (const template of ORDER_NOTICE_TEMPLATES) {
    it(`${template}: the same facts in every language, the reference in the subject, the link in the mail`, () => {
      const en = renderOrderNotice(template, 'en', { ...vars, decideUrl: '' });
      const used = [vars.actor, vars.requester, vars.org, vars.note, vars.excerpt, vars.file, vars.group, vars.item].filter((v): v is string => !!v && (en.body.includes(v) || en.title.includes(v)));
      for (const locale of ORDER_NOTICE_LOCALES) {
        const r = renderOrderNotice(template, locale, { ...vars, decideUrl: '' });
        expect(r.title.startsWith(`[${vars.ref}]`), `${locale} title`).toBe(true);
        expect(r.mailText).toContain(vars.url);
        expect(`${r.title}\n${r.mailText}`.replaceAll('Smart hands {{url}}', '')).not.toMatch(/\{\{|\}\}/);
        for (const v of used) expect(`${r.title}\n${r.body}`, `${locale} uses ${v}`).toContain(v);
      }
    });
  }

  it('puts the approval link into the approver’s mail only, never into the portal notice; falls back to English', () => {
    for (const locale of ORDER_NOTICE_LOCALES) {
      const r = renderOrderNotice('order_approval_requested', locale, vars);
      expect(r.mailText).toContain(vars.decideUrl);
      expect(r.body).not.toContain(vars.decideUrl);
    }
    expect(renderOrderNotice('order_approval_requested', 'en', { ...vars, decideUrl: undefined }).mailText).not.toContain('decide=');
    expect(renderOrderNotice('order_completed', 'xx', vars).title).toBe('[ORD0000042] Completed: Smart hands {{url}}');
    expect(renderOrderNotice('order_approved', 'de', { ...vars, actor: null }).body).toContain('Der Service Desk');
  });
});
