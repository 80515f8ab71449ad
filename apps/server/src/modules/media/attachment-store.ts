import fs from 'node:fs/promises';
import path from 'node:path';
import { readFileIfPresent, writeFilesDurably } from '../../platform/durable-file.js';

/** `<dataDir>/files/attachments/<first two hex of id>/<id>`: a name the server chose. */
export function attachmentFilePath(dataDir: string, id: string): string {
  return path.join(dataDir, 'files', 'attachments', id.slice(0, 2), id);
}

/** Write the file durably (temp file, fsync, rename, fsync of the directory). */
export async function writeAttachmentFile(dataDir: string, id: string, data: Buffer) {
  const target = attachmentFilePath(dataDir, id);
  await writeFilesDurably(path.dirname(target), [{ name: path.basename(target), data }]);
}

/** The file's bytes, or null when it is gone (a purge racing the read). */
export function readAttachmentFile(dataDir: string, id: string): Promise<Buffer | null> {
  return readFileIfPresent(attachmentFilePath(dataDir, id));
}

export async function removeAttachmentFile(dataDir: string, id: string): Promise<void> {
  await fs.rm(attachmentFilePath(dataDir, id), { force: true });
}
