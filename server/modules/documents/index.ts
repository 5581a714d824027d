// The documents module's public surface: an organisation's documents (generated reports now; the
// knowledge-base issue extends it). Other modules import only from here.
export { documentsRoutes } from './documents.routes.js';
export { storeOrgDocument, hasPeriodDocument, type NewDocument, DocumentDto } from './documents.service.js';
export { contentDispositionOf } from './disposition.js';
export { orgDocuments } from './documents.tables.js';
