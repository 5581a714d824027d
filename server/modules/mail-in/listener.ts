import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { AppDeps } from '../../platform/deps.js';
import { receiveMail, type InboundMail } from './service/receive-mail.js';

export type InboundListener = { port: number; close(): Promise<void> };

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

const addressesOf = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * The inbound SMTP listener (smtp-server). It accepts mail only for addresses at the inbound mail
 * domain (others: 550, so it is never an open relay), up to the size limit (552), and answers 250 for
 * every mail it took in, also those it then drops (unknown sender, not allowed, forged token): a 5xx
 * after DATA makes the relaying MTA bounce to the sender address, which spammers forge (backscatter),
 * and would tell a prober which addresses and tickets exist. Those outcomes are in the log and in
 * inbound_mails instead. A failure of our own (database unreachable) answers 451, so the sender retries.
 * Put it behind your MX (Postfix, …), which does TLS, SPF/DKIM/DMARC and spam filtering: the listener
 * speaks plain SMTP without authentication.
 */
export async function startInboundListener(deps: Pick<AppDeps, 'db' | 'mailTokens' | 'config'>, log: FastifyBaseLogger): Promise<InboundListener> {
  const { port, host, maxBytes, domain } = deps.config.inboundMail;
  const server = new SMTPServer({
    name: domain,
    banner: 'Portico replies by mail',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const at = address.address.lastIndexOf('@');
      if (at < 0 || address.address.slice(at + 1).toLowerCase() !== domain) return callback(smtpError(550, 'No such mailbox here'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `Message larger than ${maxBytes} bytes`));
        const raw = Buffer.concat(chunks);
        void (async () => {
          const parsed = await simpleParser(raw, { skipImageLinks: true }).catch((err: unknown) => {
            // Mail we cannot read will not become readable by sending it again: taken in and dropped.
            log.warn({ err, remoteAddress: session.remoteAddress }, 'inbound mail dropped: not parseable');
            return null;
          });
          if (!parsed) return;
          const header = (name: string) => {
            const v = parsed.headers.get(name);
            return typeof v === 'string' ? v.toLowerCase() : '';
          };
          const auto = header('auto-submitted');
          const mail: InboundMail = {
            recipients: [...session.envelope.rcptTo.map((r) => r.address), ...addressesOf(parsed.to), ...addressesOf(parsed.cc)],
            from: addressesOf(parsed.from)[0] ?? null,
            messageId: parsed.messageId ?? null,
            inReplyTo: parsed.inReplyTo ?? null,
            references: Array.isArray(parsed.references) ? parsed.references : parsed.references ? parsed.references.split(/\s+/) : [],
            subject: parsed.subject ?? '',
            text: parsed.text ?? null,
            html: typeof parsed.html === 'string' ? parsed.html : null,
            size: raw.length,
            automatic: (auto !== '' && auto !== 'no') || /^(bulk|junk|list|auto_reply)$/.test(header('precedence')) || parsed.headers.has('x-autoreply'),
            remoteAddress: session.remoteAddress ?? null,
          };
          await receiveMail(deps, mail, log);
        })().then(
          () => callback(),
          (err: unknown) => {
            log.error({ err }, 'inbound mail failed');
            callback(smtpError(451, 'Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => log.error({ err }, 'inbound SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.server.address() as AddressInfo).port;
  log.info({ port: bound, host, domain }, 'inbound SMTP listener started');
  return { port: bound, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
