import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** `<dataDir>/files/attachments/<first two hex of id>/<id>`: a name the server chose. */
export function attachmentFilePath(dataDir: string, id: string): string {
  return path.join(dataDir, 'files', 'attachments', id.slice(0, 2), id);
}

/** Write the file durably (temp file, fsync, rename, fsync of the directory). */
export async function writeAttachmentFile(dataDir: string, id: string, data: Buffer) {
  const target = attachmentFilePath(dataDir, id);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}

export function readAttachmentFile(dataDir: string, id: string): Promise<Buffer> {
  return fs.readFile(attachmentFilePath(dataDir, id));
}

export async function removeAttachmentFile(dataDir: string, id: string): Promise<void> {
  await fs.rm(attachmentFilePath(dataDir, id), { force: true });
}
