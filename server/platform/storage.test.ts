import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { beforeUpload, localFileStore, storeUpload, type Upload } from './storage.js';

const root = mkdtempSync(path.join(tmpdir(), 'portico-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files = localFileStore(root);
const limits = { extensions: ['txt', 'pdf'], maxBytes: 1024 * 1024 };
const stored = () => {
  try {
    return readdirSync(path.join(root, 'test'));
  } catch {
    return [];
  }
};
const upload = (filename: string, content: string, mimetype = 'text/plain', truncated = false): Upload => {
  const file = Readable.from([Buffer.from(content)]) as Upload['file'];
  if (truncated) file.truncated = true;
  return { filename, mimetype, file };
};
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (err: AppError) => `${err.status} ${err.code}`);

describe('storeUpload: the upload flow of ticket attachments and order files', () => {
  it('stores the file under the key, with a safe name and type, and hands both to the caller', async () => {
    const got = await storeUpload(files, limits, upload('../../etc/notes.txt', 'hello', 'text/html'), { key: 'test/a1' }, async (s) => s);
    expect(got).toEqual({ filename: 'notes.txt', contentType: 'application/octet-stream', size: 5, storageKey: 'test/a1' });
    expect(stored()).toContain('a1');
  });

  it('refuses a type that is not allowed with 415 and stores nothing', async () => {
    expect(await codeOf(storeUpload(files, limits, upload('tool.exe', 'MZ'), { key: 'test/a2' }, async () => 'recorded'))).toBe('415 UNSUPPORTED_MEDIA_TYPE');
    expect(stored()).not.toContain('a2');
  });

  it('refuses a file cut at the size limit with 413 and removes what was written', async () => {
    expect(await codeOf(storeUpload(files, limits, upload('big.txt', 'x'.repeat(100), 'text/plain', true), { key: 'test/a3' }, async () => 'recorded'))).toBe('413 BODY_TOO_LARGE');
    expect(stored()).not.toContain('a3');
  });

  it('removes the stored file when the caller’s record fails', async () => {
    const failing = storeUpload(files, limits, upload('ok.pdf', '%PDF-1.4', 'application/pdf'), { key: 'test/a4' }, async () => {
      throw new Error('the transaction failed');
    });
    await expect(failing).rejects.toThrow('the transaction failed');
    expect(stored()).not.toContain('a4');
  });

  it('beforeUpload drains the upload when a check before storing refuses', async () => {
    const u = upload('ok.txt', 'content');
    await expect(beforeUpload(u, () => Promise.reject(new AppError(404, 'NOT_FOUND', 'no such ticket')))).rejects.toThrow('no such ticket');
    expect(u.file.readableFlowing).toBe(true);
    expect(await beforeUpload(u, () => 42)).toBe(42);
  });
});
