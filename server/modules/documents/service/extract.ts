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

/**
 * Office files are zip archives of XML: which parts hold the text, per type (Word, Excel and PowerPoint
 * since 2007; OpenDocument text, spreadsheet and presentation).
 */
const OFFICE_PARTS: Record<string, (name: string) => boolean> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (n) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(n),
  // A workbook's texts (its cells hold numbers and indexes into this table).
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (n) => n === 'xl/sharedStrings.xml',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': (n) => /^ppt\/(slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(n),
  'application/vnd.oasis.opendocument.text': (n) => n === 'content.xml',
  'application/vnd.oasis.opendocument.spreadsheet': (n) => n === 'content.xml',
  'application/vnd.oasis.opendocument.presentation': (n) => n === 'content.xml',
};
/** An office file's XML parts are read up to this size in all (a small zip can hold a huge one). */
const OFFICE_XML_CAP = 32 * 1024 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The text of an office XML part: paragraphs, rows and cells end a line or a word; tags go; entities are decoded. */
function xmlText(xml: string): string {
  return xml
    .replace(/<(w:tab|text:tab|text:s)\b[^>]*\/>/g, ' ')
    .replace(/<\/(w:p|a:p|text:p|text:h|row|si|table:table-row)>/g, '\n')
    .replace(/<\/(t|table:table-cell)>/g, (m) => `${m} `)
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** The text of an office file (see OFFICE_PARTS): its text-bearing XML parts in order. */
export async function officeText(data: Buffer, contentType: string): Promise<string> {
  const wanted = OFFICE_PARTS[contentType]!;
  const { unzipSync, strFromU8 } = await import('fflate');
  let budget = OFFICE_XML_CAP;
  const parts = unzipSync(new Uint8Array(data), {
    filter: (f) => {
      if (!wanted(f.name) || f.originalSize > budget) return false;
      budget -= f.originalSize;
      return true;
    },
  });
  const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return clean(
    Object.keys(parts)
      .sort(natural)
      .map((name) => xmlText(strFromU8(parts[name]!)))
      .join('\n'),
  );
}

/** The searchable text of a file, or null for types whose text is not extracted (images, archives, other binaries). */
export async function extractText(files: FileStore, storageKey: string, contentType: string): Promise<string | null> {
  if (TEXT_TYPES.has(contentType)) return clean((await readAll(files.get(storageKey), TEXT_CAP * 4)).toString('utf8'));
  if (contentType === 'application/pdf') return pdfText(await readAll(files.get(storageKey), Number.MAX_SAFE_INTEGER));
  if (OFFICE_PARTS[contentType]) return officeText(await readAll(files.get(storageKey), Number.MAX_SAFE_INTEGER), contentType);
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
