import { and, asc, eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import type { Db } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/storage.js';
import { orgDocuments, orgDocumentVersions } from '../documents.tables.js';

/** Extracted text kept per version (characters): enough for search, bounded for the row and the index. */
export const TEXT_CAP = 100_000;
/** Pages of a PDF read at most; longer documents are searchable by their first pages. */
const PAGE_CAP = 300;
/** Versions handled per run of the job. */
const BATCH = 10;

const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv']);

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    n += (chunk as Buffer).length;
    if (n > limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks);
}

const clean = (s: string) => s.replace(/\u0000/g, '').replace(/[ \t\f\v]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim().slice(0, TEXT_CAP);

/** pdfjs-dist uses Promise.withResolvers (Node 22); Node 20 lacks it. */
function polyfillWithResolvers() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
}

/** The text of a PDF's pages (no fonts, nothing rendered: text only). */
export async function pdfText(data: Buffer): Promise<string> {
  polyfillWithResolvers();
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(data), useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    const pdf = await task.promise;
    let text = '';
    for (let p = 1; p <= Math.min(pdf.numPages, PAGE_CAP) && text.length < TEXT_CAP; p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('') + '\n';
    }
    return clean(text);
  } finally {
    await task.destroy();
  }
}

/** The searchable text of a file, or null for types whose text is not extracted (images, office files, archives). */
export async function extractText(files: FileStore, storageKey: string, contentType: string): Promise<string | null> {
  if (TEXT_TYPES.has(contentType)) return clean((await readAll(files.get(storageKey), TEXT_CAP * 4)).toString('utf8'));
  if (contentType === 'application/pdf') return pdfText(await readAll(files.get(storageKey), Number.MAX_SAFE_INTEGER));
  return null;
}

/**
 * The `documents.extract-text` job: takes pending versions (SKIP LOCKED, so instances share the work),
 * stores their text, and copies the current version's text to the document, which re-computes its
 * search vector. A file that cannot be read is marked `failed` and not retried.
 */
export async function extractPendingTexts(deps: { db: Db; files: FileStore }, log: (msg: string, err?: unknown) => void = () => {}): Promise<number> {
  let handled = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const batch = await tx
        .select()
        .from(orgDocumentVersions)
        .where(eq(orgDocumentVersions.textStatus, 'pending'))
        .orderBy(asc(orgDocumentVersions.createdAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const v of batch) {
        let text: string | null = null;
        let status: 'done' | 'none' | 'failed' = 'none';
        try {
          text = await extractText(deps.files, v.storageKey, v.contentType);
          status = text === null ? 'none' : 'done';
        } catch (err) {
          log(`text of document version ${v.id} could not be extracted`, err);
          status = 'failed';
        }
        await tx.update(orgDocumentVersions).set({ textStatus: status, text }).where(eq(orgDocumentVersions.id, v.id));
        await tx
          .update(orgDocuments)
          .set({ searchText: text })
          .where(and(eq(orgDocuments.orgId, v.orgId), eq(orgDocuments.id, v.documentId), eq(orgDocuments.currentVersion, v.version)));
      }
      return batch.length;
    });
    handled += n;
    if (n < BATCH) return handled;
  }
}
