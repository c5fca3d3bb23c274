// The session in IndexedDB, one record per key, read and compared inside one transaction. IndexedDB and
// not localStorage: its readwrite transactions are atomic across tabs (the browser serialises them), so
// compare-and-set — and, without Web Locks, the renewal lock itself — are real. localStorage gives no
// such guarantee (Chromium copies it between tab processes asynchronously), and a pair in it is readable
// by any script of the origin through one synchronous call.
import type { SessionTokens } from "../index.js";

const DB = "ns-api-jwt";
const STORE = "sessions";

let opened: Promise<IDBDatabase> | undefined;

/** The database, opened once per tab. */
function database(): Promise<IDBDatabase> {
  return (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => void open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).catch((error: unknown) => {
    opened = undefined;
    throw error;
  }));
}

const result = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Runs `body` in one transaction and resolves once it has committed. `body` may await its requests (the
 * transaction stays active through their promise reactions) but nothing else.
 */
export async function transact<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => Promise<T>): Promise<T> {
  const transaction = (await database()).transaction(STORE, mode);
  const done = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
  });
  const value = await body(transaction.objectStore(STORE));
  await done;
  return value;
}

/** What a key holds: a pair, a lock record, or nothing. */
export const read = (store: IDBObjectStore, key: string) => result(store.get(key)) as Promise<unknown>;

/** A stored value as a pair, or undefined (nothing, or not a pair). */
export function asPair(value: unknown): SessionTokens | undefined {
  const pair = value as { token?: unknown; refresh?: unknown } | undefined;
  if (typeof pair?.token !== "string") return undefined;
  return typeof pair.refresh === "string" ? { token: pair.token, refresh: pair.refresh } : { token: pair.token };
}

export const samePair = (a: SessionTokens | undefined, b: SessionTokens | undefined) => a?.token === b?.token && a?.refresh === b?.refresh;
