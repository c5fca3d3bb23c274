// The Lua scripts run atomically inside Redis. KEYS[1] is the session's hash {fp, data}; KEYS[1] for
// the lock is its own key. `fp` is the SHA-256 fingerprint of the stored pair (see encryption.ts). A
// stored pair lives as long as its refresh JWT (`ttl` in ms, 0 = no expiry): a session nobody uses goes away.

/** Frees the lock only if it still holds this holder's random token (a plain DEL would free another's). */
export const RELEASE_LOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

const WRITE = (fp: string, data: string, ttl: string) => `redis.call("HSET", KEYS[1], "fp", ${fp}, "data", ${data})
  if tonumber(${ttl}) > 0 then redis.call("PEXPIRE", KEYS[1], ${ttl}) else redis.call("PERSIST", KEYS[1]) end`;

/** Writes the pair (fp ARGV[1], data ARGV[2], ttl ARGV[3]) unconditionally: a login. */
export const SET_PAIR = `${WRITE("ARGV[1]", "ARGV[2]", "ARGV[3]")}
  return 1`;

/** Writes the pair (fp ARGV[2], data ARGV[3], ttl ARGV[4]) only if the stored fingerprint is still ARGV[1]. */
export const REPLACE_PAIR = `if redis.call("HGET", KEYS[1], "fp") == ARGV[1] then
  ${WRITE("ARGV[2]", "ARGV[3]", "ARGV[4]")}
  return 1
else return 0 end`;

/** Removes the session only if the stored fingerprint is still ARGV[1]. */
export const REMOVE_PAIR = `if redis.call("HGET", KEYS[1], "fp") == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
