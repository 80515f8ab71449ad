import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoSize } from '@cc/contracts';

/** `<dataDir>/files/photos/<first two hex of id>/<id>-<size>.webp`: names the server chose. */
export function photoFilePath(dataDir: string, id: string, size: PhotoSize): string {
  return path.join(dataDir, 'files', 'photos', id.slice(0, 2), `${id}-${size}.webp`);
}

/**
 * Write the renditions so that they survive a crash once this resolves: each goes to a temp
 * file that is fsynced and then renamed into place, and the directories are fsynced so the
 * new names are durable too.
 */
export async function writePhotoFiles(
  dataDir: string,
  id: string,
  files: Record<PhotoSize, Buffer>,
): Promise<void> {
  const entries = Object.entries(files) as [PhotoSize, Buffer][];
  const dir = path.dirname(photoFilePath(dataDir, id, 'large'));
  const firstCreated = await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [size, data] of entries) {
      const target = photoFilePath(dataDir, id, size);
      const temp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      written.push(temp);
      const handle = await fs.open(temp, 'wx', 0o640);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
      written.push(target);
    }
    // the renames live in `dir`; directories made just now live in their parents
    await syncDir(dir);
    if (firstCreated) {
      for (let d = dir; d !== path.dirname(firstCreated); d = path.dirname(d)) {
        await syncDir(path.dirname(d));
      }
    }
  } catch (e) {
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    throw e;
  }
}

/** Remove a photo's renditions (after a failed insert); missing files are fine. */
export async function removePhotoFiles(dataDir: string, id: string, sizes: PhotoSize[]) {
  await Promise.all(sizes.map((s) => fs.rm(photoFilePath(dataDir, id, s), { force: true })));
}

export function readPhotoFile(dataDir: string, id: string, size: PhotoSize): Promise<Buffer> {
  return fs.readFile(photoFilePath(dataDir, id, size));
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
