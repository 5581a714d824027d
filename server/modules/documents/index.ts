// The documents module's public surface: an organisation's document library (uploads by staff,
// versions, visibility by role or permission, generated reports filed by the system, text for search).
// Other modules import only from here.
import type { ScheduledJob } from '../../platform/jobs.js';
import type { AppDeps } from '../../platform/deps.js';
import path from 'node:path';
import { localFileStore } from '../../platform/storage.js';
import { extractPendingTexts } from './service/extract.js';

export { documentsRoutes } from './documents.routes.js';
export { storeOrgDocument, hasPeriodDocument, type NewDocument } from './service/store.js';
export { extractPendingTexts } from './service/extract.js';
export { seedDocumentsDemo } from './service/demo.js';
export { documentSearchProvider } from './search-provider.js';
export { contentDispositionOf } from './disposition.js';
export { orgDocuments, orgDocumentVersions, documentCategories } from './documents.tables.js';

/** Text extraction for search: pending versions every minute (upload stays fast; SKIP LOCKED across instances). */
export function documentJobs(deps: Pick<AppDeps, 'db' | 'config'>, log: (msg: string, err?: unknown) => void): ScheduledJob[] {
  const files = localFileStore(path.join(deps.config.dataDir, 'files'));
  return [{ name: 'documents.extract-text', cron: '* * * * *', handler: async () => void (await extractPendingTexts({ db: deps.db, files }, log)) }];
}
