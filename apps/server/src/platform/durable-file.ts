import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Write files into one directory so that they survive a crash once this resolves: each goes
 * to a temp file that is fsynced and then renamed into place, then the directory is fsynced
 * so the new names are durable too (and the parents of any directory made just now). On
 * failure nothing written is left behind.
 */
export async function writeFilesDurably(
  dir: string,
  files: readonly { name: string; data: Buffer }[],
): Promise<void> {
  const firstCreated = await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const { name, data } of files) {
      const target = path.join(dir, name);
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

/** Read a file, or null when it is not there (removed by a purge racing the read). */
export async function readFileIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
