import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { Permission } from '../../contracts/permissions';
import { auditQuery, parseAuditSearch } from '../features/audit/queries';
import { AuditPage } from '../features/audit/audit-page';
import { EnrolPage } from '../features/auth/enrol-page';
import { InvitePage } from '../features/auth/invite-page';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/password-pages';
import { can, invitationQuery, meQuery, type Me } from '../features/auth/queries';
import { SignInPage } from '../features/auth/sign-in-page';
import { TwoFactorPage } from '../features/auth/two-factor-page';
import { HelpdeskAdminPage } from '../features/helpdesk-admin/helpdesk-admin-page';
import { parseHelpdeskSearch } from '../features/helpdesk-admin/queries';
import { HomePage } from '../features/home/home-page';
import { MailPage } from '../features/mail/mail-page';
import { mailQuery } from '../features/mail/queries';
import { CustomerUsersPage } from '../features/orgs/customer-users-page';
import { CustomersPage } from '../features/orgs/customers-page';
import { orgQuery, orgsQuery, parseOrgSearch } from '../features/orgs/queries';
import { ProfilePage } from '../features/profile/profile-page';
import { RatingLinkPage } from '../features/rating-link/rating-link-page';
import { parseRatingSearch, ratingLinkQuery } from '../features/rating-link/queries';
import { parseProfileSearch } from '../features/profile/queries';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { notificationsQuery, parseNotificationsSearch } from '../features/notifications/queries';
import { parseReportSearch, picksOrganisation, reportQuery } from '../features/reports/queries';
import { reportRange } from '../features/reports/report-data';
import { ReportsPage } from '../features/reports/reports-page';
import { NewTicketPage } from '../features/tickets/new-ticket-page';
import { categoriesQuery, parseTicketSearch, ticketEventsQuery, ticketQuery, ticketSettingsQuery, ticketsQuery, worksTickets } from '../features/tickets/queries';
import { TicketErrorPage, TicketPage } from '../features/tickets/ticket-page';
import { TicketsPage } from '../features/tickets/tickets-page';
import { parseUserSearch, usersQuery } from '../features/users/queries';
import { UsersPage } from '../features/users/users-page';
import { LocationsPage } from '../features/sites/locations-page';
import { entitledQuery, sitesTreeQuery } from '../features/sites/queries';
import { SitesAdminPage } from '../features/sites/sites-admin-page';
import { CatalogueAdminPage, parseCatalogueAdminSearch } from '../features/catalogue/admin-page';
import { CataloguePage, parseCatalogueSearch } from '../features/catalogue/catalogue-page';
import { CatalogueItemPage, parseCatalogueItemSearch } from '../features/catalogue/item-page';
import { adminItemsQuery, catalogueItemQuery, catalogueQuery } from '../features/catalogue/queries';
import { ApiError } from '../ui/api';
import { OrderErrorPage, OrderPage } from '../features/orders/order-page';
import { OrdersPage } from '../features/orders/orders-page';
import { fulfilsOrders, orderEventsQuery, orderQuery, ordersQuery, parseOrderSearch } from '../features/orders/queries';
import { setLanguage } from '../ui/i18n';
import { AccessPage } from '../features/access/access-page';
import { parseAccessSearch } from '../features/access/queries';
import { DocumentsPage } from '../features/documents/documents-page';
import { parseDocumentsSearch } from '../features/documents/queries';
import { DocumentCategoriesPage } from '../features/documents/categories-page';
import { categoriesAdminQuery } from '../features/documents/category-queries';
import { parseSearchPageSearch, SearchPage } from '../features/search/search-page';
import { ArticlePage } from '../features/kb/article-page';
import { KbEditorPage } from '../features/kb/editor-page';
import { KbHomePage, parseKbHomeSearch } from '../features/kb/kb-home-page';
import { KbLayout } from '../features/kb/kb-layout';
import { KbManagePage, parseManageSearch } from '../features/kb/manage-page';
import { Shell } from './shell';
import { ErrorPage, NotFoundPage, PendingPage } from './status-pages';

type Ctx = { queryClient: QueryClient };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETURN_TO = 'portico.returnTo';

/** Where a signed-in user belongs while a second factor is still missing or unconfirmed. */
function gate(me: Me | null): '/sign-in' | '/enrol' | '/sign-in/two-factor' | null {
  if (!me) return '/sign-in';
  if (me.mfa === 'enrol') return '/enrol';
  if (me.mfa === 'challenge') return '/sign-in/two-factor';
  return null;
}

const root = createRootRouteWithContext<Ctx>()({ component: Outlet, notFoundComponent: NotFoundPage });

const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  component: SignInPage,
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    if (me) throw redirect({ to: gate(me) ?? '/' });
  },
});
const twoFactor = createRoute({
  getParentRoute: () => root,
  path: '/sign-in/two-factor',
  component: TwoFactorPage,
  beforeLoad: async ({ context }) => {
    // No session yet is normal here (the password step leaves only a short-lived two-factor cookie).
    const me = await context.queryClient.fetchQuery(meQuery);
    if (me && me.mfa !== 'challenge') throw redirect({ to: gate(me) ?? '/' });
  },
});
const forgot = createRoute({ getParentRoute: () => root, path: '/forgot-password', component: ForgotPasswordPage });
const reset = createRoute({
  getParentRoute: () => root,
  path: '/reset-password',
  component: ResetPasswordPage,
  validateSearch: (s: Record<string, unknown>): { token?: string; error?: string } => ({
    token: typeof s.token === 'string' && s.token ? s.token : undefined,
    error: typeof s.error === 'string' && s.error ? s.error : undefined,
  }),
});
const invite = createRoute({
  getParentRoute: () => root,
  path: '/invite/$token',
  component: InvitePage,
  loader: ({ context, params }) => context.queryClient.prefetchQuery(invitationQuery(params.token)),
});
/** The rating links of resolution mails: public, the signed token stands for the one ticket (no sign-in). */
const rate = createRoute({
  getParentRoute: () => root,
  path: '/rate/$token',
  component: RatingLinkPage,
  validateSearch: parseRatingSearch,
  loader: ({ context, params }) => context.queryClient.prefetchQuery(ratingLinkQuery(params.token)),
});
const enrol = createRoute({
  getParentRoute: () => root,
  path: '/enrol',
  component: EnrolPage,
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    const to = gate(me);
    if (to !== '/enrol') throw redirect({ to: to ?? '/' });
    if (me) setLanguage(me.locale);
  },
});

/** Everything behind sign-in: only a user who has passed the second factor gets here. */
const app = createRoute({
  getParentRoute: () => root,
  id: '_app',
  component: Shell,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    const to = gate(me);
    if (to) {
      // An order's approval link from a mail: remembered through sign-in and the second factor (never decided without a session).
      if (location.pathname.startsWith('/orders/')) sessionStorage.setItem(RETURN_TO, location.href);
      throw redirect({ to });
    }
    const back = sessionStorage.getItem(RETURN_TO);
    if (back) {
      sessionStorage.removeItem(RETURN_TO);
      if (back.startsWith('/orders/') && location.pathname === '/') throw redirect({ href: back });
    }
    setLanguage(me!.locale);
    return { me: me! };
  },
});

/** Sections the user's permissions do not open answer like the API would: not allowed. */
const requires =
  (...permissions: Permission[]) =>
  ({ context }: { context: { me: Me } }) => {
    if (!can(context.me, ...permissions)) throw new ApiError(403, 'FORBIDDEN', 'Not allowed.');
  };

const home = createRoute({ getParentRoute: () => app, path: '/', component: HomePage });
const profile = createRoute({ getParentRoute: () => app, path: '/profile', component: ProfilePage, validateSearch: parseProfileSearch });
const users = createRoute({
  getParentRoute: () => app,
  path: '/users',
  component: UsersPage,
  validateSearch: parseUserSearch,
  beforeLoad: requires('users.read'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(usersQuery(deps)),
});
const audit = createRoute({
  getParentRoute: () => app,
  path: '/audit',
  component: AuditPage,
  validateSearch: parseAuditSearch,
  beforeLoad: requires('audit.read', 'audit.read_all'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(auditQuery(deps, context.me.timeZone)),
});
const customers = createRoute({
  getParentRoute: () => app,
  path: '/customers',
  component: CustomersPage,
  validateSearch: parseOrgSearch,
  beforeLoad: requires('orgs.read_all'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(orgsQuery(deps)),
});
const customerUsers = createRoute({
  getParentRoute: () => app,
  path: '/customers/$orgId',
  component: CustomerUsersPage,
  validateSearch: parseUserSearch,
  beforeLoad: (opts) => {
    requires('orgs.read_all')(opts);
    if (!UUID.test(opts.params.orgId)) throw new ApiError(404, 'NOT_FOUND', 'No such organisation.');
  },
  loaderDeps: ({ search }) => search,
  // The organisation must exist (its failure is the page's error); its users load alongside.
  loader: ({ context, params, deps }) =>
    Promise.all([context.queryClient.ensureQueryData(orgQuery(params.orgId)), context.queryClient.prefetchInfiniteQuery(usersQuery({ ...deps, orgId: params.orgId }))]),
});
const mail = createRoute({
  getParentRoute: () => app,
  path: '/mail',
  component: MailPage,
  beforeLoad: requires('mail.read_outbox'),
  loader: ({ context }) => context.queryClient.prefetchInfiniteQuery(mailQuery),
});

const tickets = createRoute({
  getParentRoute: () => app,
  path: '/tickets',
  component: TicketsPage,
  validateSearch: parseTicketSearch,
  beforeLoad: requires('tickets.create', 'tickets.read_org', 'tickets.work'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(ticketsQuery(deps, worksTickets(context.me))),
});
const newTicket = createRoute({
  getParentRoute: () => app,
  path: '/tickets/new',
  component: NewTicketPage,
  beforeLoad: requires('tickets.create', 'tickets.work'),
  loader: ({ context }) => Promise.all([context.queryClient.ensureQueryData(categoriesQuery), context.queryClient.ensureQueryData(ticketSettingsQuery)]),
});
const ticket = createRoute({
  getParentRoute: () => app,
  path: '/tickets/$id',
  component: TicketPage,
  errorComponent: TicketErrorPage,
  beforeLoad: (opts) => {
    requires('tickets.create', 'tickets.read_org', 'tickets.work')(opts);
    if (!UUID.test(opts.params.id)) throw new ApiError(404, 'NOT_FOUND', 'No such ticket.');
  },
  // The ticket must exist (its failure is the page's error); its timeline loads alongside.
  loader: ({ context, params }) => Promise.all([context.queryClient.ensureQueryData(ticketQuery(params.id)), context.queryClient.prefetchQuery(ticketEventsQuery(params.id))]),
});

const notifications = createRoute({
  getParentRoute: () => app,
  path: '/notifications',
  component: NotificationsPage,
  validateSearch: parseNotificationsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(notificationsQuery(deps)),
});
const reports = createRoute({
  getParentRoute: () => app,
  path: '/reports',
  component: ReportsPage,
  validateSearch: parseReportSearch,
  beforeLoad: requires('tickets.read_org', 'tickets.work'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchQuery(reportQuery({ ...reportRange(deps), orgId: picksOrganisation(context.me) ? deps.orgId : undefined })),
});

const helpdeskAdmin = createRoute({
  getParentRoute: () => app,
  path: '/admin/help-desk',
  component: HelpdeskAdminPage,
  validateSearch: parseHelpdeskSearch,
  beforeLoad: requires('tickets.configure', 'integrations.manage'),
});

/** Sites and locations: provider admins keep the tree; customers see the places they may use. */
const sitesAdmin = createRoute({
  getParentRoute: () => app,
  path: '/admin/sites',
  component: SitesAdminPage,
  beforeLoad: requires('sites.manage'),
  loader: ({ context }) => context.queryClient.prefetchQuery(sitesTreeQuery),
});
const myLocations = createRoute({
  getParentRoute: () => app,
  path: '/locations',
  component: LocationsPage,
  beforeLoad: ({ context }) => {
    if (context.me.org.kind !== 'customer') throw new ApiError(403, 'FORBIDDEN', 'Not allowed.');
  },
  loader: ({ context }) => context.queryClient.ensureQueryData(entitledQuery()),
});

/** The catalogue: what the reader may order; provider admins edit items and their forms. */
const catalogue = createRoute({
  getParentRoute: () => app,
  path: '/catalogue',
  component: CataloguePage,
  validateSearch: parseCatalogueSearch,
  loader: ({ context }) => context.queryClient.prefetchQuery(catalogueQuery()),
});
const catalogueItem = createRoute({
  getParentRoute: () => app,
  path: '/catalogue/$itemId',
  component: CatalogueItemPage,
  validateSearch: parseCatalogueItemSearch,
  beforeLoad: (opts) => {
    if (!UUID.test(opts.params.itemId)) throw new ApiError(404, 'NOT_FOUND', 'No such item.');
  },
  loader: ({ context, params }) => context.queryClient.ensureQueryData(catalogueItemQuery(params.itemId)),
});
const catalogueAdmin = createRoute({
  getParentRoute: () => app,
  path: '/admin/catalogue',
  component: CatalogueAdminPage,
  validateSearch: parseCatalogueAdminSearch,
  beforeLoad: requires('catalogue.manage'),
  loader: ({ context }) => context.queryClient.prefetchQuery(adminItemsQuery),
});

/** Orders: customers' order history, staff queues, one order with its approvals, tasks and timeline. */
const ordersList = createRoute({
  getParentRoute: () => app,
  path: '/orders',
  component: OrdersPage,
  validateSearch: parseOrderSearch,
  beforeLoad: requires('orders.create', 'orders.approve', 'orders.fulfil'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.prefetchInfiniteQuery(ordersQuery(deps, fulfilsOrders(context.me))),
});
const orderPage = createRoute({
  getParentRoute: () => app,
  path: '/orders/$id',
  component: OrderPage,
  errorComponent: OrderErrorPage,
  validateSearch: (s: Record<string, unknown>): { decide?: string } => ({ decide: typeof s.decide === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(s.decide) ? s.decide : undefined }),
  beforeLoad: (opts) => {
    requires('orders.create', 'orders.approve', 'orders.fulfil')(opts);
    if (!UUID.test(opts.params.id)) throw new ApiError(404, 'NOT_FOUND', 'No such order.');
  },
  loader: ({ context, params }) => Promise.all([context.queryClient.ensureQueryData(orderQuery(params.id)), context.queryClient.prefetchQuery(orderEventsQuery(params.id))]),
});

/** Physical access (customers: their organisation's; staff with access.manage: every one's) and the organisation's documents. */
const access = createRoute({
  getParentRoute: () => app,
  path: '/access',
  component: AccessPage,
  validateSearch: parseAccessSearch,
  beforeLoad: ({ context }) => {
    const ok = context.me.org.kind === 'provider' ? can(context.me, 'access.manage') : can(context.me, 'access.read');
    if (!ok) throw new ApiError(403, 'FORBIDDEN', 'Not allowed.');
  },
});
const documents = createRoute({ getParentRoute: () => app, path: '/documents', component: DocumentsPage, validateSearch: parseDocumentsSearch });
/** Provider admins: the document categories (add, rename per language, reorder, archive). */
const documentCategoriesAdmin = createRoute({
  getParentRoute: () => app,
  path: '/admin/document-categories',
  component: DocumentCategoriesPage,
  beforeLoad: requires('documents.configure'),
  loader: ({ context }) => context.queryClient.prefetchQuery(categoriesAdminQuery),
});
const searchPage = createRoute({ getParentRoute: () => app, path: '/search', component: () => <SearchPage search={searchPage.useSearch()} />, validateSearch: parseSearchPageSearch });

/** The knowledge base: readable signed out (public articles) and signed in (inside the portal's shell). */
const kb = createRoute({
  getParentRoute: () => root,
  id: '_kb',
  component: KbLayout,
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    if (me && me.mfa === 'ok') setLanguage(me.locale);
  },
});
const kbHome = createRoute({ getParentRoute: () => kb, path: '/kb', component: KbHomePage, validateSearch: parseKbHomeSearch });
const kbArticle = createRoute({
  getParentRoute: () => kb,
  path: '/kb/articles/$id',
  component: () => <ArticlePage id={kbArticle.useParams().id} />,
  beforeLoad: ({ params }) => {
    if (!UUID.test(params.id)) throw new ApiError(404, 'NOT_FOUND', 'No such article.');
  },
});
const kbManage = createRoute({ getParentRoute: () => app, path: '/kb/manage', component: KbManagePage, validateSearch: parseManageSearch, beforeLoad: requires('kb.write') });
const kbNew = createRoute({ getParentRoute: () => app, path: '/kb/manage/new', component: () => <KbEditorPage id={null} />, beforeLoad: requires('kb.write') });
const kbEdit = createRoute({
  getParentRoute: () => app,
  path: '/kb/manage/$id',
  component: function KbEditRoute() {
    const { id } = kbEdit.useParams();
    return <KbEditorPage key={id} id={id} />;
  },
  beforeLoad: (opts) => {
    requires('kb.write')(opts);
    if (!UUID.test(opts.params.id)) throw new ApiError(404, 'NOT_FOUND', 'No such article.');
  },
});

const routeTree = root.addChildren([
  signIn,
  twoFactor,
  forgot,
  reset,
  invite,
  rate,
  enrol,
  app.addChildren([home, profile, users, audit, customers, customerUsers, mail, tickets, newTicket, ticket, helpdeskAdmin, notifications, reports, sitesAdmin, myLocations, catalogue, catalogueItem, catalogueAdmin, ordersList, orderPage, access, documents, documentCategoriesAdmin, searchPage, kbManage, kbNew, kbEdit]),
  kb.addChildren([kbHome, kbArticle]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // The query cache decides freshness; the router always asks it.
    defaultPreloadStaleTime: 0,
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: NotFoundPage,
    defaultPendingComponent: PendingPage,
    defaultPendingMs: 400,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
