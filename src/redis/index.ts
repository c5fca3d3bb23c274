/**
 * `ns-api-jwt/redis`: a TokenStore in Redis that several processes share, with the coordination
 * contract (a renewal lock with a TTL, compare-and-set on the stored pair), so that at most one of them
 * spends a given refresh JWT. Node only. It uses the connected client you pass and imports no Redis package.
 *
 * @module ns-api-jwt/redis
 */
import { randomBytes } from "node:crypto";
import { decodeClaims, sharedTokenStore, TokenStoreError, ValidationError, type SessionTokens, type TokenStore, type TokenStoreBackend, type TokenStoreCoordination, type TokenStoreLock } from "../index.js";
import { commandSender, isRedisClient, type RedisCommandClient } from "./client.js";
import { fingerprint, pairCodec } from "./encryption.js";
import { RELEASE_LOCK, REMOVE_PAIR, REPLACE_PAIR, SET_PAIR } from "./scripts.js";

export type { RedisCallClient, RedisClusterClient, RedisCommandClient, RedisSingleClient } from "./client.js";

/** Options of {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /**
   * A connected client, as it is: node-redis `createClient()` or `createCluster()` (after `await client.connect()`),
   * or ioredis `new Redis()` / `new Cluster()`. Both keys of a session share one cluster slot.
   */
  client: RedisCommandClient;
  /**
   * Names the session. Its Redis keys are `ns-api-jwt:{` + key + `}:tokens` and `…:lock`: the braces are
   * literally in the key name (a Redis Cluster hash tag, so both keys share one slot).
   */
  key: string;
  /**
   * 32 bytes (or an AES-GCM CryptoKey) to encrypt the tokens at rest with AES-256-GCM. Without it the
   * value is plain JSON, and whoever can read that key can act as the NetSapiens user.
   */
  encryptionKey?: Uint8Array | CryptoKey | undefined;
  /** A command that has not answered after this many ms fails with a TokenStoreError. Default 2 000. */
  commandTimeoutMs?: number | undefined;
  /**
   * How long the renewal lock lives if its holder dies, in ms. Default 10 000; keep it above what one renewal
   * takes (a refresh request's timeout plus two commands). A lock whose command timed out is freed as soon as
   * Redis answers again, so this bounds only a dead holder's lock.
   */
  lockTtlMs?: number | undefined;
}

/** The tokens in Redis, with the whole coordination contract: what `createRedisTokenStore` shares between processes. */
export interface RedisTokenBackend extends Omit<TokenStoreBackend, keyof TokenStoreCoordination>, TokenStoreCoordination {
  /** Reads the pair from Redis (decrypted), or undefined when there is no session. */
  get(): Promise<SessionTokens | undefined>;
  /** Writes the pair unconditionally (a login). */
  set(tokens: SessionTokens): Promise<void>;
  /** Deletes the session's tokens (a logout). */
  clear(): Promise<void>;
}

const KEY = /^[\w.:@-]{1,200}$/;

/** How long a stored pair lives: its refresh JWT's lifetime (`exp` − `iat`), so it leaves Redis when the session ends; 0 = no expiry. */
function lifetimeMs(tokens: SessionTokens): number {
  try {
    const { exp, iat } = decodeClaims(tokens.refresh ?? tokens.token) as { exp?: unknown; iat?: unknown };
    if (typeof exp !== "number") return 0;
    // From `iat` rather than the clock: a skewed (or, in tests, a moved) clock does not cut the session short.
    const ms = typeof iat === "number" && iat < exp ? (exp - iat) * 1000 : exp * 1000 - Date.now();
    return ms > 0 ? Math.ceil(ms) : 0;
  } catch {
    return 0;
  }
}

/**
 * The session's tokens in Redis, shared by every process given the same `key`: pass it to NsAuth as `store`.
 * It keeps a copy in the process (see `sharedTokenStore`), so a call with a valid token does not ask Redis.
 *
 * ```ts
 * import { createClient } from "redis";
 * import { NsAuth } from "ns-api-jwt";
 * import { createRedisTokenStore } from "ns-api-jwt/redis";
 *
 * const client = await createClient({ url: "redis://localhost:6379" }).connect();
 * const store = createRedisTokenStore({ client, key: "pbx-integration" });
 * const auth = new NsAuth({ server: "pbx.example.com", store }); // finds the session another process stored
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  return sharedTokenStore(createRedisTokenBackend(options), { lockTtlMs: options.lockTtlMs });
}

/** The Redis commands under `createRedisTokenStore`, for tools and tests: every call goes to Redis. */
export function createRedisTokenBackend(options: RedisTokenStoreOptions): RedisTokenBackend {
  if (!isRedisClient(options?.client)) throw new ValidationError("must be a connected Redis client (node-redis createClient/createCluster, or ioredis).", "client");
  if (typeof options.key !== "string" || !KEY.test(options.key)) throw new ValidationError("must be 1–200 letters, digits or . : @ _ -", "key");
  const timeoutMs = options.commandTimeoutMs ?? 2_000;
  const lockTtlMs = options.lockTtlMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new ValidationError("must be a positive number.", "commandTimeoutMs");
  if (!(Number.isInteger(lockTtlMs) && lockTtlMs > 0)) throw new ValidationError("must be a positive whole number of ms.", "lockTtlMs");
  const tokensKey = `ns-api-jwt:{${options.key}}:tokens`;
  const lockKey = `ns-api-jwt:{${options.key}}:lock`;
  const codec = pairCodec(options.encryptionKey, tokensKey);
  const send = commandSender(options.client, tokensKey, timeoutMs);
  const evalScript = (script: string, key: string, ...args: string[]) => send(["EVAL", script, "1", key, ...args]);

  return {
    async get() {
      const stored = await send(["HGET", tokensKey, "data"]);
      if (stored === null || stored === undefined) return undefined;
      try {
        return await codec.decode(String(stored));
      } catch (error) {
        if (error instanceof TokenStoreError) throw error;
        throw new TokenStoreError("The stored session is not a token pair.", { cause: error });
      }
    },
    async set(tokens) {
      await evalScript(SET_PAIR, tokensKey, await fingerprint(tokens), await codec.encode(tokens), String(lifetimeMs(tokens)));
    },
    async clear() {
      await send(["DEL", tokensKey]);
    },
    async lock(ttlMs): Promise<TokenStoreLock | undefined> {
      const holder = randomBytes(16).toString("hex");
      let taken: unknown;
      try {
        taken = await send(["SET", lockKey, holder, "NX", "PX", String(Math.ceil(ttlMs))]);
      } catch (error) {
        // A SET that timed out may still be carried out when Redis comes back (a stall): a lock held by
        // nobody until its TTL. Its release, sent now, runs right after it on the same connection.
        void evalScript(RELEASE_LOCK, lockKey, holder).catch(() => undefined);
        throw error;
      }
      if (taken !== "OK") return undefined;
      return { release: async () => void (await evalScript(RELEASE_LOCK, lockKey, holder)) };
    },
    async replace(expected, next) {
      const [was, now, data] = await Promise.all([fingerprint(expected), fingerprint(next), codec.encode(next)]);
      return Number(await evalScript(REPLACE_PAIR, tokensKey, was, now, data, String(lifetimeMs(next)))) === 1;
    },
    async remove(expected) {
      return Number(await evalScript(REMOVE_PAIR, tokensKey, await fingerprint(expected))) === 1;
    },
  };
}
