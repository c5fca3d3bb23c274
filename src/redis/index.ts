/**
 * `ns-api-jwt/redis`: a TokenStore in Redis that several processes share, with the coordination
 * contract (a renewal lock with a TTL, compare-and-set on the stored pair), so that at most one of them
 * spends a given refresh JWT. Node only. It uses the connected client you pass and imports no Redis package.
 *
 * @module ns-api-jwt/redis
 */
import { randomBytes } from "node:crypto";
import { sharedTokenStore, TokenStoreError, ValidationError, type SessionTokens, type TokenStore, type TokenStoreBackend, type TokenStoreCoordination, type TokenStoreLock } from "../index.js";
import { fingerprint, pairCodec } from "./encryption.js";
import { RELEASE_LOCK, REMOVE_PAIR, REPLACE_PAIR } from "./scripts.js";

/**
 * What the store needs of a Redis client: node-redis (`redis` v5, `createClient()`) has it as is. Any
 * client works through a one-line adapter, e.g. ioredis: `{ sendCommand: ([name, ...args]) => io.call(name, ...args) }`.
 */
export interface RedisCommandClient {
  /** Sends one command, e.g. `["SET", key, value, "NX", "PX", "10000"]`, and resolves to its reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** A connected client (node-redis `createClient(...)` after `await client.connect()`). */
  client: RedisCommandClient;
  /** Names the session: its keys are `ns-api-jwt:{key}:tokens` and `ns-api-jwt:{key}:lock` (one cluster slot). */
  key: string;
  /**
   * 32 bytes (or an AES-GCM CryptoKey) to encrypt the tokens at rest with AES-256-GCM. Without it the
   * value is plain JSON, and whoever can read that key can act as the NetSapiens user.
   */
  encryptionKey?: Uint8Array | CryptoKey | undefined;
  /** A command that has not answered after this many ms fails with a TokenStoreError. Default 2 000. */
  commandTimeoutMs?: number | undefined;
  /** How long the renewal lock lives if its holder dies, in ms. Default 10 000; keep it above a refresh's timeout. */
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

/** An error Redis itself answered (a script error, a wrong type): repeating the command would not help. */
const isReply = (error: unknown) => (error as Error)?.constructor?.name === "ErrorReply" || (error as Error)?.name === "ErrorReply";

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
  if (typeof options?.client?.sendCommand !== "function") throw new ValidationError("must be a connected Redis client with sendCommand (node-redis).", "client");
  if (typeof options.key !== "string" || !KEY.test(options.key)) throw new ValidationError("must be 1–200 letters, digits or . : @ _ -", "key");
  const timeoutMs = options.commandTimeoutMs ?? 2_000;
  const lockTtlMs = options.lockTtlMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new ValidationError("must be a positive number.", "commandTimeoutMs");
  if (!(Number.isInteger(lockTtlMs) && lockTtlMs > 0)) throw new ValidationError("must be a positive whole number of ms.", "lockTtlMs");
  const tokensKey = `ns-api-jwt:{${options.key}}:tokens`;
  const lockKey = `ns-api-jwt:{${options.key}}:lock`;
  const codec = pairCodec(options.encryptionKey, tokensKey);
  const client = options.client;

  /**
   * One command, bounded by the timeout; every failure is a TokenStoreError, never a hang. A command the
   * connection dropped (a Redis restart) is sent once more within the same timeout: each of them is safe
   * to repeat (a repeated lock attempt or compare-and-set finds its own first write and answers "not
   * taken" / "not replaced", which the keeper resolves by reading the store).
   */
  const send = (args: string[]): Promise<unknown> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let late = false;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new TokenStoreError(`Redis did not answer ${args[0]} within ${timeoutMs} ms.`));
      }, timeoutMs);
    });
    const once = () => Promise.resolve().then(() => client.sendCommand(args));
    const answer = once()
      .catch((error: unknown) => (late || isReply(error) ? Promise.reject(error) : once()))
      .catch((error: unknown) => {
        throw new TokenStoreError(`Redis ${args[0]} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
      });
    return Promise.race([answer, expired]).finally(() => clearTimeout(timer));
  };
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
      await send(["HSET", tokensKey, "fp", await fingerprint(tokens), "data", await codec.encode(tokens)]);
    },
    async clear() {
      await send(["DEL", tokensKey]);
    },
    async lock(ttlMs): Promise<TokenStoreLock | undefined> {
      const holder = randomBytes(16).toString("hex");
      const taken = await send(["SET", lockKey, holder, "NX", "PX", String(Math.ceil(ttlMs))]);
      if (taken !== "OK") return undefined;
      return { release: async () => void (await evalScript(RELEASE_LOCK, lockKey, holder)) };
    },
    async replace(expected, next) {
      const [was, now, data] = await Promise.all([fingerprint(expected), fingerprint(next), codec.encode(next)]);
      return Number(await evalScript(REPLACE_PAIR, tokensKey, was, now, data)) === 1;
    },
    async remove(expected) {
      return Number(await evalScript(REMOVE_PAIR, tokensKey, await fingerprint(expected))) === 1;
    },
  };
}
