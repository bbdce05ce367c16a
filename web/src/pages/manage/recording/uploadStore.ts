// Where the browser keeps the address of an upload it has not finished, so
// that the same file picked again (after a reload, a dropped connection or
// a day away) carries on from the server's offset instead of starting over.
// It is tus-js-client's UrlStorage, one localStorage item per file:
// "plenary.upload.{event}/{name}/{size}/{lastModified}" → tus's record.
import type { PreviousUpload, UrlStorage } from "tus-js-client";

const prefix = "plenary.upload.";

/** The key of a file's upload to an event: the file as the browser knows it (name, size, last change). */
export const fingerprintOf = (eventID: string, file: File) => `${eventID}/${file.name}/${file.size}/${file.lastModified}`;

/** The item a fingerprint's upload is kept under. */
export const storageKeyOf = (fingerprint: string) => prefix + fingerprint;

/** A record of an unfinished upload, as tus-js-client stores it. */
export type StoredUpload = PreviousUpload;

function read(store: Storage, key: string): StoredUpload | null {
  try {
    const record = JSON.parse(store.getItem(key) ?? "null");
    return record && typeof record.uploadUrl === "string" ? { ...record, urlStorageKey: key } : null;
  } catch {
    return null; // not ours, or damaged: as if absent
  }
}

/** tus-js-client's storage of upload addresses, in store (localStorage). */
export function uploadStorage(store: Storage = localStorage): UrlStorage {
  const keys = () => Array.from({ length: store.length }, (_, i) => store.key(i) ?? "").filter((k) => k.startsWith(prefix));
  return {
    findAllUploads: async () => keys().map((k) => read(store, k)).filter((r): r is StoredUpload => r !== null),
    findUploadsByFingerprint: async (fingerprint) => {
      const record = read(store, storageKeyOf(fingerprint));
      return record ? [record] : [];
    },
    removeUpload: async (key) => store.removeItem(key),
    addUpload: async (fingerprint, upload) => {
      const key = storageKeyOf(fingerprint);
      store.setItem(key, JSON.stringify({ ...upload, urlStorageKey: undefined }));
      return key;
    },
  };
}

/** The event's unfinished uploads this browser knows of, each with the file name to pick again. */
export function unfinishedUploads(eventID: string, store: Storage = localStorage): (StoredUpload & { name: string })[] {
  const mine = storageKeyOf(`${eventID}/`);
  return Array.from({ length: store.length }, (_, i) => store.key(i) ?? "")
    .filter((k) => k.startsWith(mine))
    .map((k) => read(store, k))
    .filter((r): r is StoredUpload => r !== null)
    .map((r) => ({ ...r, name: r.metadata?.filename || r.urlStorageKey.slice(mine.length).split("/")[0] }));
}
