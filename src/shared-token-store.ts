// A TokenStore over a backend kept outside the process (Redis, a database, a KV). It is a module of its own
// so that apps on the memory store do not bundle any of it: the keeper only calls its `load`/`renew` hooks.
import { expiryOf } from "./decode-claims.js";
import { SessionExpiredError, TokenStoreError } from "./errors.js";
import { COORDINATION, type CoordinatedStore, type IsFresh, type SessionTokens, type TokenStore, type TokenStoreBackend, type TokenStoreCoordination } from "./token-store.js";

const NO_SESSION = "No session: log in first.";

/** Options of {@link sharedTokenStore}. */
export interface SharedTokenStoreOptions {
  /** How long the renewal lock lives if its holder dies, in ms. Default 10 000; keep it above a refresh's timeout. */
  lockTtlMs?: number | undefined;
  /** The first wait before looking again at a lock another process holds, in ms; it doubles up to 8×. Default 50. */
  lockPollMs?: number | undefined;
}

const samePair = (a: SessionTokens | undefined, b: SessionTokens | undefined) => a?.token === b?.token && a?.refresh === b?.refresh;
const coordinated = (backend: TokenStoreBackend): backend is TokenStoreBackend & TokenStoreCoordination =>
  typeof backend.lock === "function" && typeof backend.replace === "function" && typeof backend.remove === "function";

/**
 * Makes a TokenStore of a backend shared between processes: a copy of the tokens lives in the process (so
 * calls with a valid token never ask the backend), read from the backend by the first call, after a 401
 * and around each renewal. With a coordinating backend (TokenStoreCoordination), one process at a time
 * spends the refresh JWT and the others use its pair; without one, processes may still race.
 *
 * While the backend is away (down, stalled), calls with a valid token go on. A call that needs it fails
 * with a TokenStoreError once a command has gone unanswered for the backend's timeout — except that a token
 * renewed early (within the facade's `clockSkewMs` of its expiry) is used until it really expires. A renewal
 * whose write went unanswered keeps the new pair in the process and writes it when the backend answers.
 */
export function sharedTokenStore(backend: TokenStoreBackend, options: SharedTokenStoreOptions = {}): TokenStore {
  const ttl = options.lockTtlMs ?? 10_000;
  const poll = options.lockPollMs ?? 50;
  let local: SessionTokens | undefined;
  let loading: Promise<SessionTokens | undefined> | undefined;
  let renewing = false;
  let clearLater = false;

  const load = (): Promise<SessionTokens | undefined> =>
    (loading ??= Promise.resolve()
      .then(() => backend.get())
      .then((stored) => (local = stored))
      .finally(() => (loading = undefined)));

  /** Spends `expired`; a refused session is read again before it is declared dead (another may have renewed). */
  async function spend(expired: SessionTokens, renew: (expired: SessionTokens) => Promise<SessionTokens>): Promise<SessionTokens> {
    try {
      return await renew(expired);
    } catch (error) {
      if (!(error instanceof SessionExpiredError)) throw error;
      const stored = await load();
      if (stored !== undefined && !samePair(stored, expired)) return stored;
      await (coordinated(backend) ? backend.remove(expired) : backend.clear());
      local = undefined;
      throw error;
    }
  }

  async function renewAlone(expired: SessionTokens, renew: (expired: SessionTokens) => Promise<SessionTokens>, fresh: IsFresh): Promise<SessionTokens> {
    const stored = await load();
    if (stored !== undefined && !samePair(stored, expired) && fresh(stored)) return stored;
    const renewed = await spend(expired, renew);
    if (!samePair(renewed, local)) await backend.set(renewed);
    return (local = renewed);
  }

  async function renewLocked(store: TokenStoreCoordination, expired: SessionTokens, renew: (expired: SessionTokens) => Promise<SessionTokens>, fresh: IsFresh) {
    const current = await load(); // read again under the lock: another process may have renewed
    if (current === undefined) throw new SessionExpiredError(NO_SESSION);
    if (!samePair(current, expired) && fresh(current)) return current;
    const renewed = await spend(current, renew);
    if (samePair(renewed, local)) return renewed;
    let replaced: boolean;
    try {
      replaced = await store.replace(current, renewed);
    } catch (error) {
      // The refresh JWT is spent: the new pair is the session now, whether or not the write lands (a stalled
      // Redis runs it when it resumes). Keep it here and write it until Redis answers, or until another pair
      // replaces it here.
      if (!(error instanceof TokenStoreError)) throw error;
      sendLater(() => store.replace(current, renewed), () => samePair(local, renewed), false);
      return (local = renewed);
    }
    if (replaced) return (local = renewed);
    // Our lock outlived its TTL and a newer pair (or a logout) is in the backend: the backend wins.
    const now = await load();
    if (now === undefined) throw new SessionExpiredError(NO_SESSION);
    return now;
  }

  async function renewCoordinated(store: TokenStoreCoordination, expired: SessionTokens, renew: (expired: SessionTokens) => Promise<SessionTokens>, fresh: IsFresh) {
    // Bounded by time slept, not by the facade's (injectable) clock: the lock's TTL runs on the backend's clock.
    let waited = 0;
    let wait = poll;
    for (;;) {
      // Lock first: in a fleet whose clocks agree every process reaches the expiry at once, and the holder
      // reads the backend after taking the lock anyway (one command fewer per process than reading first).
      const lock = await store.lock(ttl);
      if (lock !== undefined) {
        try {
          return await renewLocked(store, expired, renew, fresh);
        } finally {
          // A lost release is sent again while the TTL runs, so the others need not wait it out; a release
          // frees only its own holder's lock, so a late one is harmless.
          await lock.release().catch(() => sendLater(() => lock.release(), (waited) => waited < ttl, true));
        }
      }
      if (waited >= 2 * ttl) throw new TokenStoreError(`The renewal lock stayed taken for ${2 * ttl} ms.`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      waited += wait;
      wait = Math.min(wait * 2, 8 * poll);
      const stored = await load();
      if (stored === undefined) throw new SessionExpiredError(NO_SESSION);
      if (!samePair(stored, expired)) {
        if (fresh(stored)) return stored; // another process renewed: use its pair
        expired = stored; // one it stored is itself due: renew that one
      }
    }
  }

  /**
   * Sends again a command whose answer was lost, after `poll` ms and then a doubling delay (at most 1 s),
   * until it is answered or `goOn(waited)`, asked before each send, says to stop. `unref`: the retries do
   * not keep a process alive that is otherwise done.
   */
  function sendLater(send: () => Promise<unknown>, goOn: (waited: number) => boolean, unref: boolean): void {
    let waited = 0;
    const attempt = (delay: number): void => {
      const timer: unknown = setTimeout(() => {
        waited += delay;
        if (goOn(waited)) send().catch(() => attempt(Math.min(delay * 2, 1_000)));
      }, delay);
      if (unref) (timer as { unref?: () => void }).unref?.();
    };
    attempt(poll);
  }

  const store: CoordinatedStore = {
    get: () => local,
    async set(tokens) {
      if (samePair(tokens, local)) return; // a renewal of ours, already in the backend
      await backend.set(tokens);
      local = tokens; // only once stored: a pair the backend refused is not used
    },
    async clear() {
      // The facade clears a session whose refresh was refused; during a renewal that is decided here, after
      // reading the backend again, so a process that lost a race does not end everyone's session.
      if (renewing) return void (clearLater = true);
      local = undefined;
      await backend.clear();
    },
    [COORDINATION]: {
      load,
      async renew(expired, renew, clock) {
        const { fresh } = clock;
        renewing = true;
        try {
          return await (coordinated(backend) ? renewCoordinated(backend, expired, renew, fresh) : renewAlone(expired, renew, fresh));
        } catch (error) {
          // The backend is away: a token renewed early (within the lead time of its expiry) goes on until it
          // expires. Not an explicit refresh of a fresh token: that one fails, as asked.
          const expiry = expiryOf(expired.token);
          const early = expiry !== undefined && !fresh(expired) && expiry > clock.now();
          if (error instanceof TokenStoreError && early && samePair(expired, local)) return expired;
          throw error;
        } finally {
          renewing = false;
          clearLater = false;
        }
      },
    },
  };
  return store;
}
