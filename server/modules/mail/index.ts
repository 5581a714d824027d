// The mail module: the provider admins' view of outgoing mail. Sending is platform/mail.ts.
export { mailRoutes } from './mail.routes.js';
