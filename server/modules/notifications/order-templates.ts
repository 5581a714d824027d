/** Texts of order notifications, in the recipient's language (en is the source). Portal and mail share them. */
export type OrderNoticeTemplate =
  | 'order_submitted'
  | 'order_approval_requested'
  | 'order_step_approved'
  | 'order_approved'
  | 'order_rejected'
  | 'order_in_fulfilment'
  | 'order_completed'
  | 'order_cancelled'
  | 'order_comment_to_customer'
  | 'order_comment_to_staff'
  | 'order_file_to_customer'
  | 'order_file_to_staff'
  | 'order_task_group'
  | 'order_task_assigned';
type Text = { title: string; body: string };
type Language = Record<OrderNoticeTemplate, Text> & { link: string; decide: string; someone: string; steps: Record<'customer' | 'provider', string> };

const en: Language = {
  order_submitted: { title: '[{{ref}}] Order received: {{item}}', body: 'We have received your order {{ref}} “{{item}}”. You will be told when it moves on.' },
  order_approval_requested: { title: '[{{ref}}] Approval needed: {{item}}', body: '{{requester}} ({{org}}) ordered “{{item}}” ({{ref}}). It waits for the {{step}} approval.' },
  order_step_approved: { title: '[{{ref}}] Approved by {{actor}}: {{item}}', body: '{{actor}} gave the {{step}} approval of your order {{ref}} “{{item}}”. It now waits for the next approval.{{note}}' },
  order_approved: { title: '[{{ref}}] Approved: {{item}}', body: '{{actor}} approved your order {{ref}} “{{item}}”.{{note}}' },
  order_rejected: { title: '[{{ref}}] Rejected: {{item}}', body: '{{actor}} rejected your order {{ref}} “{{item}}”.{{note}}' },
  order_in_fulfilment: { title: '[{{ref}}] In fulfilment: {{item}}', body: 'Your order {{ref}} “{{item}}” is approved and being fulfilled.' },
  order_completed: { title: '[{{ref}}] Completed: {{item}}', body: 'Your order {{ref}} “{{item}}” is completed.' },
  order_cancelled: { title: '[{{ref}}] Cancelled: {{item}}', body: '{{actor}} cancelled the order {{ref}} “{{item}}”.{{note}}' },
  order_comment_to_customer: { title: '[{{ref}}] New comment: {{item}}', body: '{{actor}} commented on your order {{ref}}:\n\n{{excerpt}}' },
  order_comment_to_staff: { title: '[{{ref}}] Customer comment: {{item}}', body: '{{actor}} ({{org}}) commented on {{ref}}:\n\n{{excerpt}}' },
  order_file_to_customer: { title: '[{{ref}}] New file: {{item}}', body: '{{actor}} added the file {{file}} to your order {{ref}}.' },
  order_file_to_staff: { title: '[{{ref}}] Customer added a file: {{item}}', body: '{{actor}} ({{org}}) added the file {{file}} to {{ref}}.' },
  order_task_group: { title: '[{{ref}}] Tasks for {{group}}: {{item}}', body: 'The order {{ref}} “{{item}}” of {{org}} is in fulfilment. Tasks for your group {{group}}:\n\n{{tasks}}' },
  order_task_assigned: { title: '[{{ref}}] Task assigned to you: {{item}}', body: '{{actor}} assigned you a task of {{ref}} “{{item}}” ({{org}}):\n\n{{tasks}}' },
  link: 'Open the order: {{url}}',
  decide: 'Approve or reject it here (you will be asked to sign in): {{decideUrl}}',
  someone: 'The service desk',
  steps: { customer: 'customer', provider: 'provider' },
};

const de: Language = {
  order_submitted: { title: '[{{ref}}] Bestellung eingegangen: {{item}}', body: 'Wir haben Ihre Bestellung {{ref}} „{{item}}“ erhalten. Sie erfahren, wenn es weitergeht.' },
  order_approval_requested: { title: '[{{ref}}] Freigabe nötig: {{item}}', body: '{{requester}} ({{org}}) hat „{{item}}“ bestellt ({{ref}}). Die Bestellung wartet auf die Freigabe durch {{step}}.' },
  order_step_approved: { title: '[{{ref}}] Freigegeben von {{actor}}: {{item}}', body: '{{actor}} hat die Freigabe ({{step}}) Ihrer Bestellung {{ref}} „{{item}}“ erteilt. Sie wartet jetzt auf die nächste Freigabe.{{note}}' },
  order_approved: { title: '[{{ref}}] Freigegeben: {{item}}', body: '{{actor}} hat Ihre Bestellung {{ref}} „{{item}}“ freigegeben.{{note}}' },
  order_rejected: { title: '[{{ref}}] Abgelehnt: {{item}}', body: '{{actor}} hat Ihre Bestellung {{ref}} „{{item}}“ abgelehnt.{{note}}' },
  order_in_fulfilment: { title: '[{{ref}}] In Ausführung: {{item}}', body: 'Ihre Bestellung {{ref}} „{{item}}“ ist freigegeben und wird ausgeführt.' },
  order_completed: { title: '[{{ref}}] Erledigt: {{item}}', body: 'Ihre Bestellung {{ref}} „{{item}}“ ist erledigt.' },
  order_cancelled: { title: '[{{ref}}] Storniert: {{item}}', body: '{{actor}} hat die Bestellung {{ref}} „{{item}}“ storniert.{{note}}' },
  order_comment_to_customer: { title: '[{{ref}}] Neuer Kommentar: {{item}}', body: '{{actor}} hat Ihre Bestellung {{ref}} kommentiert:\n\n{{excerpt}}' },
  order_comment_to_staff: { title: '[{{ref}}] Kommentar des Kunden: {{item}}', body: '{{actor}} ({{org}}) hat {{ref}} kommentiert:\n\n{{excerpt}}' },
  order_file_to_customer: { title: '[{{ref}}] Neue Datei: {{item}}', body: '{{actor}} hat die Datei {{file}} zu Ihrer Bestellung {{ref}} hinzugefügt.' },
  order_file_to_staff: { title: '[{{ref}}] Datei vom Kunden: {{item}}', body: '{{actor}} ({{org}}) hat die Datei {{file}} zu {{ref}} hinzugefügt.' },
  order_task_group: { title: '[{{ref}}] Aufgaben für {{group}}: {{item}}', body: 'Die Bestellung {{ref}} „{{item}}“ von {{org}} wird ausgeführt. Aufgaben für Ihre Gruppe {{group}}:\n\n{{tasks}}' },
  order_task_assigned: { title: '[{{ref}}] Aufgabe für Sie: {{item}}', body: '{{actor}} hat Ihnen eine Aufgabe von {{ref}} „{{item}}“ ({{org}}) zugewiesen:\n\n{{tasks}}' },
  link: 'Bestellung öffnen: {{url}}',
  decide: 'Hier freigeben oder ablehnen (Sie werden um Anmeldung gebeten): {{decideUrl}}',
  someone: 'Der Service Desk',
  steps: { customer: 'den Kunden', provider: 'den Anbieter' },
};

const nb: Language = {
  order_submitted: { title: '[{{ref}}] Bestilling mottatt: {{item}}', body: 'Vi har mottatt bestillingen din {{ref}} «{{item}}». Du får beskjed når den går videre.' },
  order_approval_requested: { title: '[{{ref}}] Godkjenning trengs: {{item}}', body: '{{requester}} ({{org}}) bestilte «{{item}}» ({{ref}}). Bestillingen venter på godkjenning fra {{step}}.' },
  order_step_approved: { title: '[{{ref}}] Godkjent av {{actor}}: {{item}}', body: '{{actor}} ga godkjenningen ({{step}}) av bestillingen din {{ref}} «{{item}}». Den venter nå på neste godkjenning.{{note}}' },
  order_approved: { title: '[{{ref}}] Godkjent: {{item}}', body: '{{actor}} godkjente bestillingen din {{ref}} «{{item}}».{{note}}' },
  order_rejected: { title: '[{{ref}}] Avvist: {{item}}', body: '{{actor}} avviste bestillingen din {{ref}} «{{item}}».{{note}}' },
  order_in_fulfilment: { title: '[{{ref}}] Under utførelse: {{item}}', body: 'Bestillingen din {{ref}} «{{item}}» er godkjent og blir utført.' },
  order_completed: { title: '[{{ref}}] Fullført: {{item}}', body: 'Bestillingen din {{ref}} «{{item}}» er fullført.' },
  order_cancelled: { title: '[{{ref}}] Kansellert: {{item}}', body: '{{actor}} kansellerte bestillingen {{ref}} «{{item}}».{{note}}' },
  order_comment_to_customer: { title: '[{{ref}}] Ny kommentar: {{item}}', body: '{{actor}} kommenterte bestillingen din {{ref}}:\n\n{{excerpt}}' },
  order_comment_to_staff: { title: '[{{ref}}] Kommentar fra kunden: {{item}}', body: '{{actor}} ({{org}}) kommenterte {{ref}}:\n\n{{excerpt}}' },
  order_file_to_customer: { title: '[{{ref}}] Ny fil: {{item}}', body: '{{actor}} la til filen {{file}} i bestillingen din {{ref}}.' },
  order_file_to_staff: { title: '[{{ref}}] Fil fra kunden: {{item}}', body: '{{actor}} ({{org}}) la til filen {{file}} i {{ref}}.' },
  order_task_group: { title: '[{{ref}}] Oppgaver for {{group}}: {{item}}', body: 'Bestillingen {{ref}} «{{item}}» fra {{org}} blir utført. Oppgaver for gruppen din {{group}}:\n\n{{tasks}}' },
  order_task_assigned: { title: '[{{ref}}] Oppgave tildelt deg: {{item}}', body: '{{actor}} tildelte deg en oppgave i {{ref}} «{{item}}» ({{org}}):\n\n{{tasks}}' },
  link: 'Åpne bestillingen: {{url}}',
  decide: 'Godkjenn eller avvis her (du blir bedt om å logge inn): {{decideUrl}}',
  someone: 'Kundeservice',
  steps: { customer: 'kunden', provider: 'leverandøren' },
};

const ru: Language = {
  order_submitted: { title: '[{{ref}}] Заказ получен: {{item}}', body: 'Мы получили ваш заказ {{ref}} «{{item}}». Мы сообщим, когда он продвинется.' },
  order_approval_requested: { title: '[{{ref}}] Требуется согласование: {{item}}', body: '{{requester}} ({{org}}) заказал(а) «{{item}}» ({{ref}}). Заказ ждёт согласования ({{step}}).' },
  order_step_approved: { title: '[{{ref}}] Согласовано: {{actor}}: {{item}}', body: '{{actor}} согласовал(а) ваш заказ {{ref}} «{{item}}» ({{step}}). Теперь он ждёт следующего согласования.{{note}}' },
  order_approved: { title: '[{{ref}}] Согласовано: {{item}}', body: '{{actor}} согласовал(а) ваш заказ {{ref}} «{{item}}».{{note}}' },
  order_rejected: { title: '[{{ref}}] Отклонено: {{item}}', body: '{{actor}} отклонил(а) ваш заказ {{ref}} «{{item}}».{{note}}' },
  order_in_fulfilment: { title: '[{{ref}}] Выполняется: {{item}}', body: 'Ваш заказ {{ref}} «{{item}}» согласован и выполняется.' },
  order_completed: { title: '[{{ref}}] Выполнено: {{item}}', body: 'Ваш заказ {{ref}} «{{item}}» выполнен.' },
  order_cancelled: { title: '[{{ref}}] Отменено: {{item}}', body: '{{actor}} отменил(а) заказ {{ref}} «{{item}}».{{note}}' },
  order_comment_to_customer: { title: '[{{ref}}] Новый комментарий: {{item}}', body: '{{actor}} прокомментировал(а) ваш заказ {{ref}}:\n\n{{excerpt}}' },
  order_comment_to_staff: { title: '[{{ref}}] Комментарий клиента: {{item}}', body: '{{actor}} ({{org}}) прокомментировал(а) {{ref}}:\n\n{{excerpt}}' },
  order_file_to_customer: { title: '[{{ref}}] Новый файл: {{item}}', body: '{{actor}} добавил(а) файл {{file}} к вашему заказу {{ref}}.' },
  order_file_to_staff: { title: '[{{ref}}] Файл от клиента: {{item}}', body: '{{actor}} ({{org}}) добавил(а) файл {{file}} к {{ref}}.' },
  order_task_group: { title: '[{{ref}}] Задачи для {{group}}: {{item}}', body: 'Заказ {{ref}} «{{item}}» от {{org}} выполняется. Задачи для вашей группы {{group}}:\n\n{{tasks}}' },
  order_task_assigned: { title: '[{{ref}}] Вам назначена задача: {{item}}', body: '{{actor}} назначил(а) вам задачу заказа {{ref}} «{{item}}» ({{org}}):\n\n{{tasks}}' },
  link: 'Открыть заказ: {{url}}',
  decide: 'Согласовать или отклонить здесь (потребуется вход): {{decideUrl}}',
  someone: 'Служба поддержки',
  steps: { customer: 'клиент', provider: 'провайдер' },
};

const ALL: Record<string, Language> = { en, de, nb, ru };
export const ORDER_NOTICE_TEMPLATES = Object.keys(en).filter((k) => k.startsWith('order_')) as OrderNoticeTemplate[];
export const ORDER_NOTICE_LOCALES = Object.keys(ALL);

export type OrderNoticeVars = {
  ref: string;
  /** The item's name in the recipient's language. */
  item: string;
  url: string;
  actor?: string | null;
  requester?: string;
  org?: string;
  step?: 'customer' | 'provider';
  note?: string | null;
  excerpt?: string | null;
  file?: string;
  group?: string;
  tasks?: string[];
  /** The approval link (approvers only). */
  decideUrl?: string;
};

const EXCERPT_CHARS = 1000;
const excerptOf = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS).trimEnd()} …` : s);

/** Renders an order notice in the locale (falls back to English): title (mail subject), portal body, mail text. */
export function renderOrderNotice(template: OrderNoticeTemplate, locale: string, v: OrderNoticeVars): { title: string; body: string; mailText: string } {
  const l = ALL[locale] ?? en;
  const vars: Record<string, string> = {
    ref: v.ref,
    item: v.item,
    url: v.url,
    actor: v.actor || l.someone,
    requester: v.requester ?? '',
    org: v.org ?? '',
    step: v.step ? l.steps[v.step] : '',
    note: v.note ? `\n\n${excerptOf(v.note)}` : '',
    excerpt: excerptOf(v.excerpt ?? ''),
    file: v.file ?? '',
    group: v.group ?? '',
    tasks: (v.tasks ?? []).map((t) => `• ${t}`).join('\n'),
    decideUrl: v.decideUrl ?? '',
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
  const t = l[template];
  const body = fill(t.body);
  const decide = v.decideUrl ? `\n\n${fill(l.decide)}` : '';
  return { title: fill(t.title), body, mailText: `${body}${decide}\n\n${fill(l.link)}\n\n— Portico` };
}
