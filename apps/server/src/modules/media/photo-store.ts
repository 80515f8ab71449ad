import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoSize } from '@cc/contracts';
import { readFileIfPresent, writeFilesDurably } from '../../platform/durable-file.js';

/** `<dataDir>/files/photos/<first two hex of id>/<id>-<size>.webp`: names the server chose. */
export function photoFilePath(dataDir: string, id: string, size: PhotoSize): string {
  return path.join(dataDir, 'files', 'photos', id.slice(0, 2), `${id}-${size}.webp`);
}

/**
 * Write the renditions so that they survive a crash once this resolves (temp file, fsync,
 * rename, fsync of the directory: platform/durable-file.ts).
 */
export async function writePhotoFiles(
  dataDir: string,
  id: string,
  files: Record<PhotoSize, Buffer>,
): Promise<void> {
  const entries = Object.entries(files) as [PhotoSize, Buffer][];
  await writeFilesDurably(
    path.dirname(photoFilePath(dataDir, id, 'large')),
    entries.map(([size, data]) => ({
      name: path.basename(photoFilePath(dataDir, id, size)),
      data,
    })),
  );
}

/** Remove a photo's renditions (after a failed insert); missing files are fine. */
export async function removePhotoFiles(dataDir: string, id: string, sizes: PhotoSize[]) {
  await Promise.all(sizes.map((s) => fs.rm(photoFilePath(dataDir, id, s), { force: true })));
}

/** The rendition's bytes, or null when it is gone (a purge racing the read). */
export function readPhotoFile(
  dataDir: string,
  id: string,
  size: PhotoSize,
): Promise<Buffer | null> {
  return readFileIfPresent(photoFilePath(dataDir, id, size));
}
