import { z } from 'zod';
import path from 'node:path';

/** The only place that reads process.env. Parsed once; a bad value stops start-up naming the variable. */
const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Env = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  PORTICO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PORTICO_DEMO: bool.optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Portico <portal@localhost>'),
  SESSION_IDLE_MINUTES: int(5, 60 * 24 * 30).default(120),
  SESSION_ABSOLUTE_HOURS: int(1, 24 * 90).default(24),
  SIGNIN_MAX_ATTEMPTS: int(1, 1000).default(5),
  SIGNIN_IP_MAX_ATTEMPTS: int(1, 100000).default(30),
  SIGNIN_WINDOW_MINUTES: int(1, 24 * 60).default(15),
  INVITATION_TTL_HOURS: int(1, 24 * 30).default(72),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: bool.default(false),
  ATTACHMENT_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  ATTACHMENT_TYPES: z
    .string()
    .regex(/^[a-z0-9]+(,[a-z0-9]+)*$/, 'must be a comma-separated list of file extensions, e.g. pdf,png,txt')
    .default('pdf,png,jpg,jpeg,gif,webp,txt,log,csv,json,xml,zip,gz,docx,xlsx,pptx,odt,ods,eml,msg'),
  INBOUND_SMTP_PORT: int(0, 65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  INBOUND_MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, 'must be a domain name, e.g. portal.example.com')
    .optional(),
  INBOUND_MAIL_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  authSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  session: { idleMinutes: number; absoluteHours: number };
  throttle: { accountMax: number; ipMax: number; windowMinutes: number };
  invitationTtlHours: number;
  bodyLimit: number;
  trustProxy: boolean;
  attachments: { maxBytes: number; extensions: string[] };
  /** Replies by mail: the listener (port undefined = off) and the domain of reply addresses and Message-IDs. */
  inboundMail: { port: number | undefined; host: string; domain: string; maxBytes: number };
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

/** Parses settings from an env-like record; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: path.resolve(e.PORTICO_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.PORTICO_DEMO ?? !e.DATABASE_URL,
    authSecret: e.AUTH_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    throttle: { accountMax: e.SIGNIN_MAX_ATTEMPTS, ipMax: e.SIGNIN_IP_MAX_ATTEMPTS, windowMinutes: e.SIGNIN_WINDOW_MINUTES },
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    bodyLimit: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    attachments: { maxBytes: e.ATTACHMENT_MAX_BYTES, extensions: e.ATTACHMENT_TYPES.split(',') },
    inboundMail: {
      port: e.INBOUND_SMTP_PORT,
      host: e.INBOUND_SMTP_HOST,
      domain: (e.INBOUND_MAIL_DOMAIN ?? new URL(publicUrl).hostname).toLowerCase(),
      maxBytes: e.INBOUND_MAIL_MAX_BYTES,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Every variable with its meaning, for the README table and `--help`. */
export const CONFIG_DOC = Env.shape;
