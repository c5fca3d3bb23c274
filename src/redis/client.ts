// The clients the store accepts as they come, and one command sender over them, bounded by a timeout.
import { TokenStoreError } from "../index.js";

/** node-redis (`redis` v5) `createClient()`: one command as an array. */
export interface RedisSingleClient {
  /** Sends one command, e.g. `["SET", key, value, "NX", "PX", "10000"]`, and resolves to its reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** node-redis `createCluster()`: the command goes to the master of `firstKey`'s slot. */
export interface RedisClusterClient {
  /** Sends one command to the node serving `firstKey` (the store passes its session's key, and `false`). */
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** Only a cluster has it: how the store tells the two node-redis shapes apart. */
  getSlotMaster(slot: number): unknown;
}

/** ioredis `new Redis()` or `new Cluster()`: `call(name, ...args)`. */
export interface RedisCallClient {
  /** Sends one command, e.g. `call("SET", key, value, "NX", "PX", "10000")`, and resolves to its reply. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A connected Redis client: node-redis `createClient()` or `createCluster()`, or ioredis `Redis` / `Cluster`, as they are. */
export type RedisCommandClient = RedisSingleClient | RedisClusterClient | RedisCallClient;

type Sender = (args: [string, ...string[]]) => Promise<unknown>;

/** Whether `client` has one of the accepted shapes. */
export const isRedisClient = (client: unknown): client is RedisCommandClient =>
  typeof (client as RedisSingleClient)?.sendCommand === "function" || typeof (client as RedisCallClient)?.call === "function";

/** One way to send a command whatever the client; every key of a session is in `slotKey`'s slot. */
function senderOf(client: RedisCommandClient, slotKey: string): Sender {
  if (typeof (client as RedisClusterClient).getSlotMaster === "function") {
    const cluster = client as RedisClusterClient;
    return (args) => cluster.sendCommand(slotKey, false, args);
  }
  if (typeof (client as RedisCallClient).call === "function") {
    const io = client as RedisCallClient;
    return ([name, ...rest]) => io.call(name, ...rest);
  }
  const single = client as RedisSingleClient;
  return (args) => single.sendCommand(args);
}

/** An error Redis itself answered (a script error, a wrong type): repeating the command would not help. */
const isReply = (error: unknown) => {
  const name = (error as Error)?.constructor?.name ?? "";
  return name === "ErrorReply" || name === "ReplyError" || (error as Error)?.name === "ErrorReply" || (error as Error)?.name === "ReplyError";
};

/**
 * One command, bounded by the timeout; every failure is a TokenStoreError, never a hang. A command the
 * connection dropped (a Redis restart) is sent once more within the same timeout: each of them is safe
 * to repeat (a repeated lock attempt or compare-and-set finds its own first write and answers "not
 * taken" / "not replaced", which the keeper resolves by reading the store). A command that timed out may
 * still run when Redis comes back: the caller undoes what that would leave behind (see `lock`).
 */
export function commandSender(client: RedisCommandClient, slotKey: string, timeoutMs: number): Sender {
  const send = senderOf(client, slotKey);
  return (args) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let late = false;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new TokenStoreError(`Redis did not answer ${args[0]} within ${timeoutMs} ms.`));
      }, timeoutMs);
    });
    const once = () => Promise.resolve().then(() => send(args));
    const answer = once()
      .catch((error: unknown) => (late || isReply(error) ? Promise.reject(error) : once()))
      .catch((error: unknown) => {
        throw new TokenStoreError(`Redis ${args[0]} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
      });
    return Promise.race([answer, expired]).finally(() => clearTimeout(timer));
  };
}
