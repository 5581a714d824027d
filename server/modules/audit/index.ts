// The audit module: reading the audit log. Writing is platform/audit.ts, used by every module.
export { auditRoutes } from './audit.routes.js';
