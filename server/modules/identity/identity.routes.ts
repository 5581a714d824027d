import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, Page } from '../../../contracts/common.js';
import { AcceptInvitation, ApiTokenDto, ChangeEmail, CreateApiToken, CreatedApiToken, InvitationInfo, Me, SessionDto, UpdateMe } from '../../../contracts/identity.js';
import { InviteUser, UpdateUser, UserDto, UserListQuery } from '../../../contracts/organisations.js';
import type { AppDeps } from '../../platform/deps.js';
import { PageQuery } from '../../platform/http/pagination.js';
import { resolveIdentity } from './resolve-identity.js';
import { acceptInvitation, describeInvitation } from './service/invitations.js';
import { presentMe, presentMeJson, requestEmailChange, updateMe } from './service/me.js';
import { createMyToken, listMyTokens, revokeMyToken } from './service/api-tokens.js';
import { listMySessions, revokeMySession, revokeOtherSessions } from './service/sessions.js';
import { inviteUser, listUsers, resendInvitation, updateUser } from './service/users.js';

const tags = ['identity'];

/** Sends JSON that was already validated and serialised (see presentMeJson). */
const sendJsonText = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json);

/** /api/v1 routes of identity: the caller's own account, invitations, and organisation users. */
export async function identityRoutes(appRaw: FastifyInstance, deps: AppDeps) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/me', { config: { allowWithoutMfa: true }, schema: { tags, summary: 'Who am I', response: { 200: Me } } }, async (req, reply) =>
    sendJsonText(reply, presentMeJson(req.identity)),
  );

  app.patch('/api/v1/me', { schema: { tags, summary: 'Update my profile', body: UpdateMe, response: { 200: Me } } }, async (req) => {
    await updateMe(req.ctx, deps, req.body);
    return presentMe(await resolveIdentity(deps, req));
  });

  app.post('/api/v1/me/email', { schema: { tags, summary: 'Change my e-mail address (confirmed by link)', body: ChangeEmail, response: { 202: z.object({ status: z.literal('confirmation_sent') }) } } }, async (req, reply) => {
    await requestEmailChange(req.ctx, deps, req.headers.cookie ?? '', req.body);
    return reply.code(202).send({ status: 'confirmation_sent' as const });
  });

  app.get('/api/v1/me/sessions', { schema: { tags, summary: 'My sessions', querystring: PageQuery, response: { 200: Page(SessionDto) } } }, async (req) => listMySessions(req.ctx, req.query));
  app.delete('/api/v1/me/sessions/:id', { schema: { tags, summary: 'End one of my sessions', params: IdParams } }, async (req, reply) => {
    await revokeMySession(req.ctx, deps, req.params.id);
    return reply.code(204).send();
  });
  app.post('/api/v1/me/sessions/revoke-others', { schema: { tags, summary: 'End all my other sessions', response: { 200: z.object({ revoked: z.number().int() }) } } }, async (req) => ({ revoked: await revokeOtherSessions(req.ctx, deps) }));

  app.get('/api/v1/me/tokens', { schema: { tags, summary: 'My API tokens', querystring: PageQuery, response: { 200: Page(ApiTokenDto) } } }, async (req) => listMyTokens(req.ctx, req.query));
  app.post('/api/v1/me/tokens', { schema: { tags, summary: 'Create an API token (shown once)', body: CreateApiToken, response: { 201: CreatedApiToken } } }, async (req, reply) => reply.code(201).send(await createMyToken(req.ctx, deps, req.body)));
  app.delete('/api/v1/me/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: IdParams } }, async (req, reply) => {
    await revokeMyToken(req.ctx, deps, req.params.id);
    return reply.code(204).send();
  });

  const TokenParams = z.strictObject({ token: z.string().min(16).max(200) });
  app.get('/api/v1/invitations/:token', { config: { public: true }, schema: { tags, summary: 'What an invitation link is for', params: TokenParams, response: { 200: InvitationInfo } } }, async (req) => describeInvitation(req.ctx, req.params.token));
  app.post('/api/v1/invitations/accept', { config: { public: true }, schema: { tags, summary: 'Accept an invitation: set the password', body: AcceptInvitation, response: { 200: z.object({ email: z.string() }) } } }, async (req) => acceptInvitation(req.ctx, deps, req.body));

  const OrgQuery = UserListQuery.extend({ orgId: z.uuid().optional() });
  app.get('/api/v1/users', { schema: { tags, summary: 'Users of my organisation', querystring: OrgQuery, response: { 200: Page(UserDto) } } }, async (req) => listUsers(req.ctx, req.query));
  app.post('/api/v1/users/invite', { schema: { tags, summary: 'Invite a user by e-mail', body: InviteUser.extend({ orgId: z.uuid().optional() }), response: { 202: z.object({ status: z.literal('sent') }) } } }, async (req, reply) => reply.code(202).send(await inviteUser(req.ctx, deps, req.body)));
  app.patch('/api/v1/users/:id', { schema: { tags, summary: 'Change role, status or delegated permissions', params: IdParams, body: UpdateUser, response: { 200: UserDto } } }, async (req) => updateUser(req.ctx, deps, req.params.id, req.body));
  app.post('/api/v1/users/:id/resend-invitation', { schema: { tags, summary: 'Send a new invitation link', params: IdParams, response: { 202: z.object({ status: z.literal('sent') }) } } }, async (req, reply) => reply.code(202).send(await resendInvitation(req.ctx, deps, req.params.id)));

}
