// Every table, for Drizzle's typed queries and for drizzle-kit. Modules own their tables; this file
// only gathers them.
export * from '../audit.js';
export * from '../outbox.js';
export * from '../mail.js';
export * from '../tenancy.js';
export * from '../idempotency.js';
export * from '../../modules/identity/identity.tables.js';
export * from '../../modules/tickets/tickets.tables.js';
export * from '../../modules/tickets/more.tables.js';
export * from '../../modules/notifications/notifications.tables.js';
export * from '../../modules/mail-in/mail-in.tables.js';
export * from '../../modules/orders/orders.tables.js';
export * from '../../modules/sites/sites.tables.js';
export * from '../../modules/access/access.tables.js';
export * from '../../modules/documents/documents.tables.js';
export * from '../../modules/catalogue/catalogue.tables.js';
export * from '../../modules/kb/kb.tables.js';
export * from '../../modules/search/search.tables.js';
import * as audit from '../audit.js';
import * as outbox from '../outbox.js';
import * as mail from '../mail.js';
import * as orgs from '../tenancy.js';
import * as idem from '../idempotency.js';
import * as identity from '../../modules/identity/identity.tables.js';
import * as tickets from '../../modules/tickets/tickets.tables.js';
import * as ticketsMore from '../../modules/tickets/more.tables.js';
import * as notifications from '../../modules/notifications/notifications.tables.js';
import * as mailIn from '../../modules/mail-in/mail-in.tables.js';
import * as ordersTables from '../../modules/orders/orders.tables.js';
import * as sitesTables from '../../modules/sites/sites.tables.js';
import * as accessTables from '../../modules/access/access.tables.js';
import * as documentsTables from '../../modules/documents/documents.tables.js';
import * as catalogueTables from '../../modules/catalogue/catalogue.tables.js';
import * as kbTables from '../../modules/kb/kb.tables.js';
import * as searchTables from '../../modules/search/search.tables.js';

export const schema = {
  auditLog: audit.auditLog,
  outboxEvents: outbox.outboxEvents,
  mailMessages: mail.mailMessages,
  organizations: orgs.organizations,
  idempotencyKeys: idem.idempotencyKeys,
  ...identity,
  ...tickets,
  ...ticketsMore,
  ...notifications,
  ...mailIn,
  ...ordersTables,
  ...sitesTables,
  ...accessTables,
  ...documentsTables,
  ...catalogueTables,
  ...kbTables,
  ...searchTables,
};
