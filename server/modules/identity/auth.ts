import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins';
import { APIError } from 'better-auth/api';
import { passkey } from '@better-auth/passkey';
import { apiKey } from '@better-auth/api-key';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/client.js';
import type { Mailer } from '../../platform/mail.js';
import { accounts, apiKeys, passkeys, rateLimits, sessions, twoFactors, users, verifications } from './identity.tables.js';
import { renderMail } from './mail-templates.js';

/** Paths whose sessions count as multi-factor: a verified second factor or a passkey (user verification). */
const MFA_PATHS = new Set([
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/passkey/verify-authentication',
]);

export const CLIENT_IP_HEADER = 'x-portico-client-ip';

export type AuthDeps = { db: Db; config: Config; secret: string; mailer: Mailer };

/** Builds the Better Auth instance: e-mail + password, TOTP with backup codes, passkeys, API keys. */
export function createAuth({ db, config, secret, mailer }: AuthDeps) {
  const url = new URL(config.publicUrl);
  const secure = url.protocol === 'https:';
  const idleSeconds = config.session.idleMinutes * 60;

  const userLocale = async (userId: string) => {
    const [u] = await db.select({ locale: users.locale, orgId: users.orgId }).from(users).where(eq(users.id, userId));
    return u ?? { locale: 'en', orgId: null };
  };

  return betterAuth({
    appName: 'Portico',
    logger: { disabled: config.logLevel === 'silent', level: 'warn' },
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [config.publicUrl],
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        twoFactor: twoFactors,
        passkey: passkeys,
        apikey: apiKeys,
        rateLimit: rateLimits,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true, // accounts come from invitations and provider admins only
      minPasswordLength: 12,
      maxPasswordLength: 256,
      resetPasswordTokenExpiresIn: 3600,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url: link }) => {
        const { locale, orgId } = await userLocale(user.id);
        const m = renderMail('password_reset', locale, { url: link });
        await mailer.enqueue(db, { to: user.email, subject: m.subject, text: m.text, template: 'password_reset', orgId });
      },
    },
    emailVerification: {
      sendVerificationEmail: async ({ user, url: link }) => {
        const { locale, orgId } = await userLocale(user.id);
        const m = renderMail('email_change', locale, { url: link });
        await mailer.enqueue(db, { to: user.email, subject: m.subject, text: m.text, template: 'email_change', orgId });
      },
    },
    user: {
      changeEmail: { enabled: true },
      // Portico's own columns, known to Better Auth so it never tries to write users without them.
      additionalFields: {
        orgId: { type: 'string', required: true, input: false },
        role: { type: 'string', required: true, input: false },
      },
    },
    session: {
      expiresIn: idleSeconds, // sliding: refreshed on use, so this is the idle timeout
      updateAge: Math.max(60, Math.floor(idleSeconds / 10)),
      freshAge: 10 * 60,
      additionalFields: { amr: { type: 'string', required: false, input: false, defaultValue: 'pwd' } },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: 20 },
        '/request-password-reset': { window: 60, max: 5 },
        '/two-factor/*': { window: 60, max: 20 },
      },
    },
    advanced: {
      cookiePrefix: 'portico',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      database: { generateId: () => uuidv7() },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session, ctx) => {
            const [u] = await db.select({ status: users.status }).from(users).where(eq(users.id, session.userId));
            if (!u || u.status !== 'active') {
              // Same answer as a wrong password: a deactivated account does not reveal itself.
              throw APIError.from('UNAUTHORIZED', { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' });
            }
            const amr = ctx?.path && MFA_PATHS.has(ctx.path) ? 'mfa' : 'pwd';
            return { data: { ...session, amr } };
          },
          after: async (session) => {
            await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, session.userId));
          },
        },
      },
    },
    plugins: [
      twoFactor({
        issuer: 'Portico',
        backupCodeOptions: { amount: 10, length: 10 },
        accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: 900 },
      }),
      passkey({ rpID: url.hostname, rpName: 'Portico', origin: config.publicUrl }),
      apiKey({
        defaultPrefix: 'ptk_',
        apiKeyHeaders: [], // Portico reads `Authorization: Bearer` itself (identity context)
        enableMetadata: true,
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 366 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
