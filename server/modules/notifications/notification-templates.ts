/** Texts of ticket notifications, in the recipient's language (en is the source). Portal and mail share them. */
export type NoticeLocale = 'en' | 'de' | 'nb' | 'ru';
export type NoticeTemplate =
  | 'created_confirmation'
  | 'created_staff'
  | 'assigned'
  | 'assigned_customer'
  | 'reply_to_customer'
  | 'reply_to_staff'
  | 'internal_note'
  | 'status_changed'
  | 'resolved'
  | 'sla_warning_first_response'
  | 'sla_warning_resolution'
  | 'sla_breach_first_response'
  | 'sla_breach_resolution'
  | 'attachment_to_customer'
  | 'attachment_to_staff'
  | 'merged'
  | 'rated'
  | 'rated_low'
  | 'watching';
type Text = { title: string; body: string };
type Language = Record<NoticeTemplate, Text> & {
  link: string;
  someone: string;
  csat: string;
  /** Above the five rating links of a resolution mail. */
  csatLinks: string;
  /** Under a mail that can be answered by replying to it. */
  replyHint: string;
  statuses: Record<string, string>;
};

const en: Language = {
  created_confirmation: { title: '[{{ref}}] Received: {{title}}', body: 'We have received your ticket {{ref}} “{{title}}” and will get back to you. Quote {{ref}} in any question about it.' },
  created_staff: { title: '[{{ref}}] New ticket from {{org}}: {{title}}', body: '{{actor}} opened {{ref}} for {{org}} with priority {{priority}}: “{{title}}”.' },
  assigned: { title: '[{{ref}}] Assigned to you: {{title}}', body: '{{actor}} assigned {{ref}} of {{org}} to you: “{{title}}”.' },
  assigned_customer: { title: '[{{ref}}] {{agent}} is handling your ticket', body: '{{agent}} is now handling your ticket {{ref}} “{{title}}”.' },
  reply_to_customer: { title: '[{{ref}}] New reply: {{title}}', body: '{{actor}} replied to your ticket {{ref}}:\n\n{{excerpt}}' },
  reply_to_staff: { title: '[{{ref}}] Customer reply: {{title}}', body: '{{actor}} ({{org}}) replied on {{ref}}:\n\n{{excerpt}}' },
  internal_note: { title: '[{{ref}}] Internal note: {{title}}', body: '{{actor}} added an internal note on {{ref}}:\n\n{{excerpt}}' },
  status_changed: { title: '[{{ref}}] Now {{to}}: {{title}}', body: '{{actor}} changed the status of {{ref}} “{{title}}” from {{from}} to {{to}}.' },
  resolved: { title: '[{{ref}}] Resolved: {{title}}', body: '{{actor}} resolved your ticket {{ref}} “{{title}}”.{{note}}' },
  sla_warning_first_response: { title: "[{{ref}}] First response due soon: {{title}}", body: "75 % of the first-response time of {{ref}} ({{org}}, {{priority}}) has passed. Answer the customer before the target is missed." },
  sla_warning_resolution: { title: "[{{ref}}] Resolution due soon: {{title}}", body: "75 % of the resolution time of {{ref}} ({{org}}, {{priority}}) has passed." },
  sla_breach_first_response: { title: "[{{ref}}] First response target missed: {{title}}", body: "The first-response target of {{ref}} ({{org}}, {{priority}}) was missed. The group lead has been told." },
  sla_breach_resolution: { title: "[{{ref}}] Resolution target missed: {{title}}", body: "The resolution target of {{ref}} ({{org}}, {{priority}}) was missed. The group lead has been told." },
  attachment_to_customer: { title: "[{{ref}}] New file: {{title}}", body: "{{actor}} added the file {{file}} to your ticket {{ref}}." },
  attachment_to_staff: { title: "[{{ref}}] Customer added a file: {{title}}", body: "{{actor}} ({{org}}) added the file {{file}} to {{ref}}." },
  merged: { title: "[{{ref}}] Continued in {{into}}: {{title}}", body: "{{actor}} merged your ticket {{ref}} “{{title}}” into {{into}}, which continues it. You follow {{into}} now: {{intoUrl}}" },
  rated: { title: "[{{ref}}] Rated {{score}} of 5: {{title}}", body: "{{actor}} ({{org}}) rated the handling of {{ref}} “{{title}}” {{score}} of 5.{{note}}" },
  rated_low: { title: "[{{ref}}] Poor rating, {{score}} of 5: {{title}}", body: "{{actor}} ({{org}}) rated the handling of {{ref}} “{{title}}” by {{agent}} {{score}} of 5.{{note}}" },
  watching: { title: "[{{ref}}] You now follow: {{title}}", body: "{{actor}} added you as a watcher of {{ref}} “{{title}}”. You will be told about its replies and status changes." },
  link: 'Open the ticket: {{url}}',
  someone: 'The service desk',
  csat: 'How did we do? Rate the handling of this ticket in the portal. If the problem is not solved, reopen the ticket there.',
  csatLinks: "How did we do? Choose a score from 1 (poor) to 5 (excellent); you can add a comment on the next page:",
  replyHint: "You can reply to this mail: your answer is added to the ticket.",
  statuses: { new: 'new', in_progress: 'in progress', waiting_for_customer: 'waiting for you', resolved: 'resolved', closed: 'closed' },
};

const de: Language = {
  created_confirmation: { title: '[{{ref}}] Eingegangen: {{title}}', body: 'Wir haben Ihr Ticket {{ref}} „{{title}}“ erhalten und melden uns bei Ihnen. Nennen Sie {{ref}} bei jeder Rückfrage dazu.' },
  created_staff: { title: '[{{ref}}] Neues Ticket von {{org}}: {{title}}', body: '{{actor}} hat {{ref}} für {{org}} mit Priorität {{priority}} eröffnet: „{{title}}“.' },
  assigned: { title: '[{{ref}}] Ihnen zugewiesen: {{title}}', body: '{{actor}} hat Ihnen {{ref}} von {{org}} zugewiesen: „{{title}}“.' },
  assigned_customer: { title: '[{{ref}}] {{agent}} bearbeitet Ihr Ticket', body: '{{agent}} bearbeitet jetzt Ihr Ticket {{ref}} „{{title}}“.' },
  reply_to_customer: { title: '[{{ref}}] Neue Antwort: {{title}}', body: '{{actor}} hat auf Ihr Ticket {{ref}} geantwortet:\n\n{{excerpt}}' },
  reply_to_staff: { title: '[{{ref}}] Antwort des Kunden: {{title}}', body: '{{actor}} ({{org}}) hat auf {{ref}} geantwortet:\n\n{{excerpt}}' },
  internal_note: { title: '[{{ref}}] Interne Notiz: {{title}}', body: '{{actor}} hat eine interne Notiz zu {{ref}} hinzugefügt:\n\n{{excerpt}}' },
  status_changed: { title: '[{{ref}}] Jetzt {{to}}: {{title}}', body: '{{actor}} hat den Status von {{ref}} „{{title}}“ von {{from}} auf {{to}} geändert.' },
  resolved: { title: '[{{ref}}] Gelöst: {{title}}', body: '{{actor}} hat Ihr Ticket {{ref}} „{{title}}“ gelöst.{{note}}' },
  sla_warning_first_response: { title: "[{{ref}}] Erstreaktion bald fällig: {{title}}", body: "75 % der Erstreaktionszeit von {{ref}} ({{org}}, {{priority}}) sind verstrichen. Antworten Sie dem Kunden, bevor das Ziel verfehlt wird." },
  sla_warning_resolution: { title: "[{{ref}}] Lösung bald fällig: {{title}}", body: "75 % der Lösungszeit von {{ref}} ({{org}}, {{priority}}) sind verstrichen." },
  sla_breach_first_response: { title: "[{{ref}}] Erstreaktionsziel verfehlt: {{title}}", body: "Das Erstreaktionsziel von {{ref}} ({{org}}, {{priority}}) wurde verfehlt. Die Gruppenleitung ist informiert." },
  sla_breach_resolution: { title: "[{{ref}}] Lösungsziel verfehlt: {{title}}", body: "Das Lösungsziel von {{ref}} ({{org}}, {{priority}}) wurde verfehlt. Die Gruppenleitung ist informiert." },
  attachment_to_customer: { title: "[{{ref}}] Neue Datei: {{title}}", body: "{{actor}} hat die Datei {{file}} zu Ihrem Ticket {{ref}} hinzugefügt." },
  attachment_to_staff: { title: "[{{ref}}] Datei vom Kunden: {{title}}", body: "{{actor}} ({{org}}) hat die Datei {{file}} zu {{ref}} hinzugefügt." },
  merged: { title: "[{{ref}}] Weiter in {{into}}: {{title}}", body: "{{actor}} hat Ihr Ticket {{ref}} „{{title}}“ mit {{into}} zusammengeführt; dort geht es weiter. Sie verfolgen jetzt {{into}}: {{intoUrl}}" },
  rated: { title: "[{{ref}}] Bewertet mit {{score}} von 5: {{title}}", body: "{{actor}} ({{org}}) hat die Bearbeitung von {{ref}} „{{title}}“ mit {{score}} von 5 bewertet.{{note}}" },
  rated_low: { title: "[{{ref}}] Schlechte Bewertung, {{score}} von 5: {{title}}", body: "{{actor}} ({{org}}) hat die Bearbeitung von {{ref}} „{{title}}“ durch {{agent}} mit {{score}} von 5 bewertet.{{note}}" },
  watching: { title: "[{{ref}}] Sie verfolgen jetzt: {{title}}", body: "{{actor}} hat Sie als Beobachter von {{ref}} „{{title}}“ eingetragen. Sie erfahren von Antworten und Statusänderungen." },
  link: 'Ticket öffnen: {{url}}',
  someone: 'Der Service Desk',
  csat: 'Wie zufrieden waren Sie? Bewerten Sie die Bearbeitung dieses Tickets im Portal. Ist das Problem nicht gelöst, öffnen Sie das Ticket dort erneut.',
  csatLinks: "Wie zufrieden waren Sie? Wählen Sie eine Note von 1 (schlecht) bis 5 (ausgezeichnet); auf der nächsten Seite können Sie einen Kommentar hinzufügen:",
  replyHint: "Sie können auf diese E-Mail antworten: Ihre Antwort wird dem Ticket hinzugefügt.",
  statuses: { new: 'neu', in_progress: 'in Bearbeitung', waiting_for_customer: 'wartet auf Sie', resolved: 'gelöst', closed: 'geschlossen' },
};

const nb: Language = {
  created_confirmation: { title: '[{{ref}}] Mottatt: {{title}}', body: 'Vi har mottatt saken din {{ref}} «{{title}}» og kommer tilbake til deg. Oppgi {{ref}} ved spørsmål om den.' },
  created_staff: { title: '[{{ref}}] Ny sak fra {{org}}: {{title}}', body: '{{actor}} opprettet {{ref}} for {{org}} med prioritet {{priority}}: «{{title}}».' },
  assigned: { title: '[{{ref}}] Tildelt deg: {{title}}', body: '{{actor}} tildelte deg {{ref}} fra {{org}}: «{{title}}».' },
  assigned_customer: { title: '[{{ref}}] {{agent}} behandler saken din', body: '{{agent}} behandler nå saken din {{ref}} «{{title}}».' },
  reply_to_customer: { title: '[{{ref}}] Nytt svar: {{title}}', body: '{{actor}} svarte på saken din {{ref}}:\n\n{{excerpt}}' },
  reply_to_staff: { title: '[{{ref}}] Svar fra kunden: {{title}}', body: '{{actor}} ({{org}}) svarte på {{ref}}:\n\n{{excerpt}}' },
  internal_note: { title: '[{{ref}}] Internt notat: {{title}}', body: '{{actor}} la til et internt notat på {{ref}}:\n\n{{excerpt}}' },
  status_changed: { title: '[{{ref}}] Nå {{to}}: {{title}}', body: '{{actor}} endret statusen til {{ref}} «{{title}}» fra {{from}} til {{to}}.' },
  resolved: { title: '[{{ref}}] Løst: {{title}}', body: '{{actor}} har løst saken din {{ref}} «{{title}}».{{note}}' },
  sla_warning_first_response: { title: "[{{ref}}] Første svar forfaller snart: {{title}}", body: "75 % av tiden til første svar på {{ref}} ({{org}}, {{priority}}) er brukt. Svar kunden før fristen går ut." },
  sla_warning_resolution: { title: "[{{ref}}] Løsning forfaller snart: {{title}}", body: "75 % av løsningstiden for {{ref}} ({{org}}, {{priority}}) er brukt." },
  sla_breach_first_response: { title: "[{{ref}}] Fristen for første svar er brutt: {{title}}", body: "Fristen for første svar på {{ref}} ({{org}}, {{priority}}) er brutt. Gruppelederen er varslet." },
  sla_breach_resolution: { title: "[{{ref}}] Løsningsfristen er brutt: {{title}}", body: "Løsningsfristen for {{ref}} ({{org}}, {{priority}}) er brutt. Gruppelederen er varslet." },
  attachment_to_customer: { title: "[{{ref}}] Ny fil: {{title}}", body: "{{actor}} la til filen {{file}} i saken din {{ref}}." },
  attachment_to_staff: { title: "[{{ref}}] Fil fra kunden: {{title}}", body: "{{actor}} ({{org}}) la til filen {{file}} i {{ref}}." },
  merged: { title: "[{{ref}}] Videreført i {{into}}: {{title}}", body: "{{actor}} slo sammen saken din {{ref}} «{{title}}» med {{into}}, der den videreføres. Du følger nå {{into}}: {{intoUrl}}" },
  rated: { title: "[{{ref}}] Vurdert til {{score}} av 5: {{title}}", body: "{{actor}} ({{org}}) vurderte behandlingen av {{ref}} «{{title}}» til {{score}} av 5.{{note}}" },
  rated_low: { title: "[{{ref}}] Dårlig vurdering, {{score}} av 5: {{title}}", body: "{{actor}} ({{org}}) vurderte {{agent}}s behandling av {{ref}} «{{title}}» til {{score}} av 5.{{note}}" },
  watching: { title: "[{{ref}}] Du følger nå: {{title}}", body: "{{actor}} la deg til som følger av {{ref}} «{{title}}». Du får beskjed om svar og statusendringer." },
  link: 'Åpne saken: {{url}}',
  someone: 'Kundeservice',
  csat: 'Hvordan gjorde vi det? Vurder behandlingen av saken i portalen. Er problemet ikke løst, kan du gjenåpne saken der.',
  csatLinks: "Hvordan gjorde vi det? Velg en karakter fra 1 (dårlig) til 5 (utmerket); på neste side kan du legge til en kommentar:",
  replyHint: "Du kan svare på denne e-posten: svaret ditt legges til saken.",
  statuses: { new: 'ny', in_progress: 'under behandling', waiting_for_customer: 'venter på deg', resolved: 'løst', closed: 'lukket' },
};

const ru: Language = {
  created_confirmation: { title: '[{{ref}}] Получено: {{title}}', body: 'Мы получили вашу заявку {{ref}} «{{title}}» и свяжемся с вами. Указывайте {{ref}} в вопросах по ней.' },
  created_staff: { title: '[{{ref}}] Новая заявка от {{org}}: {{title}}', body: '{{actor}} создал(а) {{ref}} для {{org}} с приоритетом {{priority}}: «{{title}}».' },
  assigned: { title: '[{{ref}}] Назначено вам: {{title}}', body: '{{actor}} назначил(а) вам {{ref}} от {{org}}: «{{title}}».' },
  assigned_customer: { title: '[{{ref}}] {{agent}} занимается вашей заявкой', body: '{{agent}} теперь занимается вашей заявкой {{ref}} «{{title}}».' },
  reply_to_customer: { title: '[{{ref}}] Новый ответ: {{title}}', body: '{{actor}} ответил(а) на вашу заявку {{ref}}:\n\n{{excerpt}}' },
  reply_to_staff: { title: '[{{ref}}] Ответ клиента: {{title}}', body: '{{actor}} ({{org}}) ответил(а) в {{ref}}:\n\n{{excerpt}}' },
  internal_note: { title: '[{{ref}}] Внутренняя заметка: {{title}}', body: '{{actor}} добавил(а) внутреннюю заметку к {{ref}}:\n\n{{excerpt}}' },
  status_changed: { title: '[{{ref}}] Статус «{{to}}»: {{title}}', body: '{{actor}} изменил(а) статус {{ref}} «{{title}}» с «{{from}}» на «{{to}}».' },
  resolved: { title: '[{{ref}}] Решено: {{title}}', body: '{{actor}} решил(а) вашу заявку {{ref}} «{{title}}».{{note}}' },
  sla_warning_first_response: { title: "[{{ref}}] Скоро срок первого ответа: {{title}}", body: "Прошло 75 % времени на первый ответ по {{ref}} ({{org}}, {{priority}}). Ответьте клиенту до истечения срока." },
  sla_warning_resolution: { title: "[{{ref}}] Скоро срок решения: {{title}}", body: "Прошло 75 % времени на решение {{ref}} ({{org}}, {{priority}})." },
  sla_breach_first_response: { title: "[{{ref}}] Срок первого ответа нарушен: {{title}}", body: "Срок первого ответа по {{ref}} ({{org}}, {{priority}}) нарушен. Руководитель группы уведомлён." },
  sla_breach_resolution: { title: "[{{ref}}] Срок решения нарушен: {{title}}", body: "Срок решения {{ref}} ({{org}}, {{priority}}) нарушен. Руководитель группы уведомлён." },
  attachment_to_customer: { title: "[{{ref}}] Новый файл: {{title}}", body: "{{actor}} добавил(а) файл {{file}} к вашей заявке {{ref}}." },
  attachment_to_staff: { title: "[{{ref}}] Файл от клиента: {{title}}", body: "{{actor}} ({{org}}) добавил(а) файл {{file}} к {{ref}}." },
  merged: { title: "[{{ref}}] Продолжение в {{into}}: {{title}}", body: "{{actor}} объединил(а) вашу заявку {{ref}} «{{title}}» с {{into}}, работа продолжается там. Теперь вы следите за {{into}}: {{intoUrl}}" },
  rated: { title: "[{{ref}}] Оценка {{score}} из 5: {{title}}", body: "{{actor}} ({{org}}) оценил(а) работу по {{ref}} «{{title}}» на {{score}} из 5.{{note}}" },
  rated_low: { title: "[{{ref}}] Низкая оценка, {{score}} из 5: {{title}}", body: "{{actor}} ({{org}}) оценил(а) работу {{agent}} по {{ref}} «{{title}}» на {{score}} из 5.{{note}}" },
  watching: { title: "[{{ref}}] Вы теперь следите: {{title}}", body: "{{actor}} добавил(а) вас в наблюдатели заявки {{ref}} «{{title}}». Вы будете получать уведомления об ответах и смене статуса." },
  link: 'Открыть заявку: {{url}}',
  someone: 'Служба поддержки',
  csat: 'Как мы справились? Оцените работу по этой заявке в портале. Если проблема не решена, откройте заявку там снова.',
  csatLinks: "Как мы справились? Выберите оценку от 1 (плохо) до 5 (отлично); на следующей странице можно добавить комментарий:",
  replyHint: "Вы можете ответить на это письмо: ваш ответ будет добавлен к заявке.",
  statuses: { new: 'новая', in_progress: 'в работе', waiting_for_customer: 'ожидает вашего ответа', resolved: 'решена', closed: 'закрыта' },
};

const ALL: Record<NoticeLocale, Language> = { en, de, nb, ru };
export const NOTICE_LOCALES = Object.keys(ALL) as NoticeLocale[];
export const NOTICE_TEMPLATES = Object.keys(en).filter((k) => typeof en[k as NoticeTemplate] === 'object' && 'title' in en[k as NoticeTemplate]) as NoticeTemplate[];
const lang = (locale: string) => ALL[(locale in ALL ? locale : 'en') as NoticeLocale];

/** Longest quoted reply or note in a notice; the rest is in the portal. */
const EXCERPT_CHARS = 1000;
const excerptOf = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS).trimEnd()} …` : s);

export type NoticeVars = {
  ref: string;
  title: string;
  url: string;
  actor?: string | null;
  org?: string;
  priority?: string;
  agent?: string;
  excerpt?: string | null;
  from?: string;
  to?: string;
  /** A resolution note, shown under the resolved notice; a rating's comment. */
  note?: string | null;
  /** An attachment's file name. */
  file?: string;
  /** A merge: the reference and address of the ticket that continues. */
  into?: string;
  intoUrl?: string;
  score?: number;
  /** A resolution mail to the customer: the rating link without its score (`…/rate/<token>`). */
  ratingUrl?: string;
  /** The mail can be answered by replying (it carries a reply address). */
  replyable?: boolean;
};

/**
 * Renders a notice in the locale (falls back to English): the title (also the mail subject, with the
 * ticket reference), the portal body, and the mail text with the link and, for a resolution, the
 * request for a rating.
 */
export function renderNotice(template: NoticeTemplate, locale: string, v: NoticeVars): { title: string; body: string; mailText: string } {
  const l = lang(locale);
  const vars: Record<string, string> = {
    ref: v.ref,
    title: v.title,
    url: v.url,
    actor: v.actor || l.someone,
    org: v.org ?? '',
    priority: v.priority ?? '',
    agent: v.agent ?? '',
    excerpt: excerptOf(v.excerpt ?? ''),
    from: v.from ? (l.statuses[v.from] ?? v.from) : '',
    to: v.to ? (l.statuses[v.to] ?? v.to) : '',
    note: v.note ? `\n\n${excerptOf(v.note)}` : '',
    file: v.file ?? '',
    into: v.into ?? '',
    intoUrl: v.intoUrl ?? '',
    score: v.score === undefined ? '' : String(v.score),
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
  const t = l[template];
  const main = fill(t.body);
  const body = main + (template === 'resolved' ? `\n\n${l.csat}` : '');
  // The mail of a resolution carries five one-click links to the rating page instead of "rate in the portal".
  const rating = template === 'resolved' && v.ratingUrl ? `\n\n${l.csatLinks}\n${[1, 2, 3, 4, 5].map((n) => `${n}: ${v.ratingUrl}?score=${n}`).join('\n')}` : template === 'resolved' ? `\n\n${l.csat}` : '';
  const hint = v.replyable ? `\n\n${l.replyHint}` : '';
  return { title: fill(t.title), body, mailText: `${main}${rating}\n\n${fill(l.link)}${hint}\n\n— Portico` };
}
