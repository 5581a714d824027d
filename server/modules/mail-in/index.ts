// The mail-in module: replies by mail. An SMTP listener turns a customer's reply into a ticket comment
// through the tickets module; every mail it took in is logged for provider admins.
export { startInboundListener, type InboundListener } from './listener.js';
export { mailInRoutes } from './mail-in.routes.js';
export { receiveMail, type InboundMail } from './service/receive-mail.js';
export { stripQuoted } from './strip-quotes.js';
export { inboundMails } from './mail-in.tables.js';
