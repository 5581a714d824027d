import { describe, expect, it } from 'vitest';
import { htmlToText, stripQuoted } from './strip-quotes.js';

describe('stripQuoted keeps the new text of a reply', () => {
  const cases: [string, string, string][] = [
    ['Gmail (en)', 'Done.\n\nOn Mon, 23 Nov 2026 at 14:00, Portico <portal@x.example> wrote:\n> old', 'Done.'],
    ['Gmail, attribution wrapped', 'Done.\n\nOn Mon, 23 Nov 2026 at 14:00, Portico Service Desk <portal@x.example>\nwrote:\n> old', 'Done.'],
    ['Thunderbird (de)', 'Erledigt.\n\nAm 23.11.2026 um 14:00 schrieb Portico:\n> alt', 'Erledigt.'],
    ['Outlook (de), name first', 'Erledigt.\n\nMax Muster <max@acme.example> schrieb am Mo., 23. Nov. 2026:\n> alt', 'Erledigt.'],
    ['nb', 'Ferdig.\n\nDen 23. nov. 2026 kl. 14:00 skrev Portico <portal@x.example>:\n> gammel', 'Ferdig.'],
    ['ru', 'Готово.\n\n23.11.2026 14:00, Portico <portal@x.example> пишет:\n> старое', 'Готово.'],
    ['Original Message', 'Fixed.\n\n-----Original Message-----\nFrom: Portico\nSent: Monday\nold', 'Fixed.'],
    ['Ursprüngliche Nachricht', 'Gelöst.\n\n-----Ursprüngliche Nachricht-----\nVon: Portico\nalt', 'Gelöst.'],
    ['Outlook header block', 'Fixed.\n\n________________________________\nFrom: Portico <portal@x.example>\nSent: Monday\nold', 'Fixed.'],
    ['Outlook header block without rule', 'Fixed.\n\nFrom: Portico <portal@x.example>\nSent: Monday, 23 November 2026 14:00\nTo: me\nold', 'Fixed.'],
    ['signature', 'Outlet 7.\n\n-- \nJonas\nAcme Hosting', 'Outlet 7.'],
    ['inline quotes dropped, answers kept', '> Which outlet?\nOutlet 7.\n> Which rack?\nB4.', 'Outlet 7.\nB4.'],
    ['CRLF', 'Done.\r\n\r\nOn Mon, 23 Nov 2026, A <a@b.c> wrote:\r\n> old', 'Done.'],
  ];
  for (const [name, input, expected] of cases) it(name, () => expect(stripQuoted(input)).toBe(expected));

  it('keeps ordinary lines that merely mention writing', () => {
    expect(stripQuoted('He wrote: the PDU is fine.\nEr schrieb:\nok')).toBe('He wrote: the PDU is fine.\nEr schrieb:\nok');
  });

  it('leaves nothing when the mail is only a quote', () => {
    expect(stripQuoted('On Mon, 23 Nov 2026, A <a@b.c> wrote:\n> old')).toBe('');
  });

  it('turns an HTML-only mail into text without its blockquote', () => {
    expect(stripQuoted(htmlToText('<div>Outlet&nbsp;7 &amp; 8<br>thanks</div><blockquote>old</blockquote>'))).toBe('Outlet 7 & 8\nthanks');
  });
});
