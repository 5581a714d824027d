import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { meQuery } from '../features/auth/queries';
import { SignInPage } from '../features/auth/sign-in-page';
import { TwoFactorPage } from '../features/auth/two-factor-page';
import { EnrolPage } from '../features/auth/enrol-page';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/password-pages';
import { InvitePage } from '../features/auth/invite-page';
import { HomePage } from '../features/home/home-page';
import { ProfilePage } from '../features/profile/profile-page';
import { UsersPage } from '../features/users/users-page';
import { AuditPage } from '../features/audit/audit-page';
import { CustomerUsersPage, CustomersPage } from '../features/orgs/customers-page';
import { MailPage } from '../features/mail/mail-page';
import { Shell } from './shell';
import { setLanguage } from '../ui/i18n';

type Ctx = { queryClient: QueryClient };

const root = createRootRouteWithContext<Ctx>()({ component: Outlet });

const signIn = createRoute({ getParentRoute: () => root, path: '/sign-in', component: SignInPage });
const twoFactor = createRoute({ getParentRoute: () => root, path: '/sign-in/two-factor', component: TwoFactorPage });
const forgot = createRoute({ getParentRoute: () => root, path: '/forgot-password', component: ForgotPasswordPage });
const reset = createRoute({ getParentRoute: () => root, path: '/reset-password', component: ResetPasswordPage });
const invite = createRoute({ getParentRoute: () => root, path: '/invite/$token', component: InvitePage });
const enrol = createRoute({
  getParentRoute: () => root,
  path: '/enrol',
  component: EnrolPage,
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    if (!me) throw redirect({ to: '/sign-in' });
    if (me.mfa !== 'enrol') throw redirect({ to: '/' });
  },
});

/** Everything behind sign-in: only a user who has passed the second factor gets here. */
const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  component: Shell,
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.fetchQuery(meQuery);
    if (!me) throw redirect({ to: '/sign-in' });
    if (me.mfa === 'enrol') throw redirect({ to: '/enrol' });
    if (me.mfa === 'challenge') throw redirect({ to: '/sign-in/two-factor' });
    setLanguage(me.locale);
  },
});
const home = createRoute({ getParentRoute: () => app, path: '/', component: HomePage });
const profile = createRoute({ getParentRoute: () => app, path: '/profile', component: ProfilePage });
const users = createRoute({ getParentRoute: () => app, path: '/users', component: () => <UsersPage /> });
const audit = createRoute({ getParentRoute: () => app, path: '/audit', component: AuditPage });
const customers = createRoute({ getParentRoute: () => app, path: '/customers', component: CustomersPage });
const customerUsers = createRoute({ getParentRoute: () => app, path: '/customers/$orgId', component: CustomerUsersPage });
const mail = createRoute({ getParentRoute: () => app, path: '/mail', component: MailPage });

const routeTree = root.addChildren([signIn, twoFactor, forgot, reset, invite, enrol, app.addChildren([home, profile, users, audit, customers, customerUsers, mail])]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
