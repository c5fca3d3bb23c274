/**
 * `ns-api-jwt/browser`: a TokenStore that every tab of an origin shares, so that one tab at a time spends
 * the refresh JWT (NetSapiens rotates it; a reused one can end the whole login) and the others use its pair.
 * The pair lives in IndexedDB; renewals run under a Web Lock (`navigator.locks`), or, where that is missing,
 * under a lock record taken in an IndexedDB transaction; other tabs hear of a new pair or a logout through
 * a BroadcastChannel. Calls with a valid token read nothing: the tab keeps its copy in memory.
 *
 * @module ns-api-jwt/browser
 */
import { sharedTokenStore, ValidationError, type SessionTokens, type TokenStore, type TokenStoreBackend, type TokenStoreLock } from "../index.js";
import { asPair, read, samePair, transact } from "./idb.js";

/** Options of {@link createBrowserTokenStore}. */
export interface BrowserTokenStoreOptions {
  /** Names the session: tabs given the same key (on one origin) share it. 1–200 letters, digits or . : @ _ - */
  key: string;
  /** Called when another tab stored a new pair (a renewal, a login) or ended the session (undefined). */
  onChange?: ((tokens: SessionTokens | undefined) => void) | undefined;
  /**
   * How long a renewal lock lives if its tab hangs, in ms. Default 10 000; keep it above a refresh's timeout.
   * A Web Lock is also freed the moment its tab closes or crashes.
   */
  lockTtlMs?: number | undefined;
  /**
   * The Web Locks to use: `navigator.locks` by default. `null` uses the fallback (a lock record with a TTL,
   * taken in an IndexedDB transaction), as browsers without Web Locks do; both spend a refresh JWT once.
   */
  locks?: LockManager | null | undefined;
}

const KEY = /^[\w.:@-]{1,200}$/;
const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");

/** A Web Lock held until released, or for `ttlMs` at most; undefined when another tab holds it. */
function webLock(locks: LockManager, name: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
  return new Promise((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) return resolve(undefined);
        return new Promise<void>((release) => {
          const timer = setTimeout(release, ttlMs);
          resolve({ release: async () => (clearTimeout(timer), release()) });
        });
      })
      .catch(reject);
  });
}

/** The fallback: a lock record {holder, until} written only if none is live, in one atomic transaction. */
async function recordLock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
  const holder = randomId();
  const taken = await transact("readwrite", async (store) => {
    const held = (await read(store, key)) as { until?: number } | undefined;
    if (held !== undefined && (held.until ?? 0) > Date.now()) return false;
    store.put({ holder, until: Date.now() + ttlMs }, key);
    return true;
  });
  if (!taken) return undefined;
  return {
    release: () =>
      transact("readwrite", async (store) => {
        if (((await read(store, key)) as { holder?: string } | undefined)?.holder === holder) store.delete(key);
      }),
  };
}

/**
 * The session's tokens shared by the tabs of this origin: pass it to NsAuth as `store`. A tab opened later
 * finds the session; a logout in one tab ends it in all of them.
 *
 * ```ts
 * import { NsAuth } from "ns-api-jwt";
 * import { createBrowserTokenStore } from "ns-api-jwt/browser";
 *
 * const auth = new NsAuth({ baseUrl: "/ns-api/v2", store: createBrowserTokenStore({ key: "pbx" }) });
 * ```
 */
export function createBrowserTokenStore(options: BrowserTokenStoreOptions): TokenStore {
  if (typeof options?.key !== "string" || !KEY.test(options.key)) throw new ValidationError("must be 1–200 letters, digits or . : @ _ -", "key");
  const ttl = options.lockTtlMs ?? 10_000;
  if (!(Number.isInteger(ttl) && ttl > 0)) throw new ValidationError("must be a positive whole number of ms.", "lockTtlMs");
  const locks = options.locks === undefined ? globalThis.navigator?.locks : options.locks;
  const pairKey = `${options.key}:tokens`;
  const lockKey = `ns-api-jwt:${options.key}:lock`;
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`ns-api-jwt:${options.key}`) : undefined;
  const changed = () => channel?.postMessage("changed");

  const backend: TokenStoreBackend = {
    get: () => transact("readonly", async (store) => asPair(await read(store, pairKey))),
    set: (tokens) => transact("readwrite", async (store) => void store.put({ token: tokens.token, refresh: tokens.refresh }, pairKey)).then(changed),
    clear: () => transact("readwrite", async (store) => void store.delete(pairKey)).then(changed),
    lock: (ttlMs) => (locks ? webLock(locks, lockKey, ttlMs) : recordLock(lockKey, ttlMs)),
    async replace(expected, next) {
      const replaced = await transact("readwrite", async (store) => {
        if (!samePair(asPair(await read(store, pairKey)), expected)) return false;
        store.put({ token: next.token, refresh: next.refresh }, pairKey);
        return true;
      });
      if (replaced) changed();
      return replaced;
    },
    async remove(expected) {
      const removed = await transact("readwrite", async (store) => {
        if (!samePair(asPair(await read(store, pairKey)), expected)) return false;
        store.delete(pairKey);
        return true;
      });
      if (removed) changed();
      return removed;
    },
  };
  const shared = sharedTokenStore(backend, { lockTtlMs: ttl });
  // Another tab wrote: read the record into this tab (one read per change, never on a call's path).
  // sharedTokenStore keeps its backend reader under this key (src/token-store.ts: COORDINATION); Symbol.for
  // gives the same symbol here without a second copy of the core in this entry.
  const coordination = (shared as unknown as Record<symbol, { load(): Promise<SessionTokens | undefined> } | undefined>)[Symbol.for("ns-api-jwt.store-coordination")];
  if (channel) channel.onmessage = () => void coordination?.load().then((tokens) => options.onChange?.(tokens), () => undefined);
  return shared;
}
