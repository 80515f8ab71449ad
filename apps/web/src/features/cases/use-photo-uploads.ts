import type { UploadedPhoto } from '@cc/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, isAbortError } from '../../lib/api';
import { uploadPhoto } from './cases-api';

/** At most this many photos go with one report or step (the contract's limit). */
export const MAX_PHOTOS = 9;

export interface PhotoUpload {
  key: string;
  name: string;
  /** A local preview until the server's thumbnail exists. */
  previewUrl: string;
  status: 'uploading' | 'done' | 'error';
  progress: number;
  photo?: UploadedPhoto;
  error?: string;
}

export interface PhotoUploads {
  items: PhotoUpload[];
  /** Ids of the photos uploaded so far, in the order they were picked. */
  photoIds: string[];
  isUploading: boolean;
  add: (files: FileList | readonly File[]) => void;
  remove: (key: string) => void;
  retry: (key: string) => void;
  reset: () => void;
}

let nextKey = 0;

/** Photos upload one by one the moment they are picked, each with its own progress. */
export function usePhotoUploads(max = MAX_PHOTOS): PhotoUploads {
  const { t } = useTranslation();
  const [items, setItems] = useState<PhotoUpload[]>([]);
  const files = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());
  /** Each photo's local preview, freed when it goes (or the page does). */
  const previews = useRef(new Map<string, string>());

  const update = useCallback((key: string, change: Partial<PhotoUpload>) => {
    setItems((current) =>
      current.map((item) => (item.key === key ? { ...item, ...change } : item)),
    );
  }, []);

  const start = useCallback(
    (key: string) => {
      const file = files.current.get(key);
      if (!file) return;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      update(key, { status: 'uploading', progress: 0, error: undefined });
      uploadPhoto(file, {
        signal: controller.signal,
        onProgress: (fraction) => update(key, { progress: Math.round(fraction * 100) }),
      }).then(
        (photo) => {
          controllers.current.delete(key);
          update(key, { status: 'done', progress: 100, photo });
        },
        (error: unknown) => {
          controllers.current.delete(key);
          if (isAbortError(error)) return;
          update(key, { status: 'error', error: describeError(error, t) });
        },
      );
    },
    [t, update],
  );

  const add = useCallback(
    (picked: FileList | readonly File[]) => {
      const room = Math.max(0, max - items.length);
      const list = Array.from(picked).slice(0, room);
      const added = list.map((file): PhotoUpload => {
        const key = `photo-${++nextKey}`;
        const previewUrl = URL.createObjectURL(file);
        files.current.set(key, file);
        previews.current.set(key, previewUrl);
        return { key, name: file.name, previewUrl, status: 'uploading', progress: 0 };
      });
      setItems((current) => [...current, ...added]);
      for (const item of added) start(item.key);
    },
    [items.length, max, start],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    controllers.current.delete(key);
    files.current.delete(key);
    const previewUrl = previews.current.get(key);
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previews.current.delete(key);
    setItems((current) => current.filter((item) => item.key !== key));
  }, []);

  const reset = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    controllers.current.clear();
    files.current.clear();
    for (const previewUrl of previews.current.values()) URL.revokeObjectURL(previewUrl);
    previews.current.clear();
    setItems([]);
  }, []);

  // Leaving the page stops running uploads and frees the previews.
  useEffect(() => {
    const running = controllers.current;
    const shown = previews.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      for (const previewUrl of shown.values()) URL.revokeObjectURL(previewUrl);
    };
  }, []);

  const photoIds = items.flatMap((item) => (item.photo ? [item.photo.id] : []));
  return {
    items,
    photoIds,
    isUploading: items.some((item) => item.status === 'uploading'),
    add,
    remove,
    retry: start,
    reset,
  };
}
