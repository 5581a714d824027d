import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Mailer } from './mail.js';
import type { MailTokens } from './mail-tokens.js';
import type { EventRegistry } from './outbox.js';
import type { ActorCache, Auth, ResolvedIdentity, Throttle } from '../modules/identity/index.js';
import type { OrderRegistry } from '../modules/orders/index.js';
import type { SearchRegistry } from '../modules/search/index.js';

/** What the app is built from; handed to modules when they register. */
export type AppDeps = {
  config: Config;
  database: Database;
  db: Db;
  mailer: Mailer;
  /** Signed reply addresses, rating links and Message-IDs of ticket mail. */
  mailTokens: MailTokens;
  /** Subscribers to outbox events (modules register theirs when the app is built). */
  events: EventRegistry;
  auth: Auth;
  throttle: Throttle;
  identityCache: ActorCache<ResolvedIdentity>;
  /** Tells every instance to forget cached identities of a user (sessions revoked, role changed, ...). */
  invalidateUser(userId: string): Promise<void>;
  /** Order kind handlers and decommission dependency providers (orders' registerOrderKind / registerDependencyProvider). */
  orderKinds?: OrderRegistry;
  /** Search providers of the modules that own searchable things (search's registerSearchProvider). */
  searchProviders?: SearchRegistry;
};
