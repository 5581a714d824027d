// The identity module's public surface. Other modules import only from here.
export { createAuth, type Auth } from './auth.js';
export { authRoutes } from './auth.routes.js';
export { identityRoutes } from './identity.routes.js';
export { createThrottle, type Throttle } from './throttle.js';
export { ActorCache } from './actor-cache.js';
export { resolveIdentity, loadActor, mfaState, type ResolvedIdentity } from './resolve-identity.js';
export { createInvitedUser, type NewUser } from './service/invitations.js';
export { countUsersByOrg, createActiveUser } from './service/provisioning.js';
export { activeOrgMembers, forgetUserName, userIdsByEmail, userNames, userRefs, type UserRef } from './service/lookup.js';
export { users } from './identity.tables.js';
export { listStaffWith } from './service/staff.js';
