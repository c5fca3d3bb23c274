import type { NsAuth } from "../ns-auth.js";
import { createMemoryTokenStore, type TokenStore } from "../token-store.js";
import { requireJwt } from "../validate.js";
import type { Context } from "./context.js";
import { NotLoggedInError } from "./exit-codes.js";
import type { StoredSession } from "./session-file.js";

/** A facade holding the tokens a command works with, and where they came from. */
export interface OpenSession {
  readonly auth: NsAuth;
  /** Where its tokens live: the session file's store, or one in memory. `store.get()` is the newest pair. */
  readonly store: TokenStore;
  readonly from: "NS_TOKEN" | "session file" | "standard input";
  /** The session file's contents, when the tokens came from it. */
  readonly stored?: StoredSession;
}

/**
 * The tokens to use: `NS_TOKEN` (with --server/--base-url), else the session file (with its own base
 * URL; a different one given by flags is refused, so its tokens never go to another host), else a token
 * on standard input. With the session file the facade's store is the file: what it renews is written
 * back, and what it clears (a logout, a refused refresh) is deleted.
 */
export async function openSession(ctx: Context, options: { sessionOnly?: boolean } = {}): Promise<OpenSession> {
  const envToken = options.sessionOnly ? undefined : ctx.io.env.NS_TOKEN;
  if (envToken !== undefined && envToken !== "") return inMemory(ctx, ctx.requireLocation(), envToken, "NS_TOKEN");
  const stored = ctx.sessions.read();
  if (stored !== undefined) {
    const location = ctx.location();
    if (location !== undefined && location.baseUrl !== stored.baseUrl) {
      throw ctx.usage(`The session is for ${stored.baseUrl}, not ${location.baseUrl}: log in there, or set NS_TOKEN.`);
    }
    const where = { baseUrl: stored.baseUrl, allowInsecureHttp: stored.allowInsecureHttp };
    const store = ctx.sessions.store(where, { token: stored.token, refresh: stored.refresh });
    return { auth: ctx.facade(where, store), store, from: "session file", stored };
  }
  if (options.sessionOnly) throw notLoggedIn(ctx);
  // No NS_TOKEN and no session: a token may still come on standard input, for the host the flags name.
  const location = ctx.location();
  if (location === undefined) throw notLoggedIn(ctx);
  const fromStdin = await ctx.secrets.get("NS_TOKEN", "Token: ");
  if (fromStdin === undefined) throw notLoggedIn(ctx);
  return inMemory(ctx, location, fromStdin, "standard input");
}

function inMemory(ctx: Context, location: ReturnType<Context["requireLocation"]>, token: string, from: OpenSession["from"]): OpenSession {
  const store = createMemoryTokenStore({ token: requireJwt(token, "token") });
  return { auth: ctx.facade(location, store), store, from };
}

/** The one "no session" error: every command that needs a session and finds none throws it (exit 3). */
export function notLoggedIn(ctx: Context, more = ""): NotLoggedInError {
  return new NotLoggedInError(`Not logged in (no session file at ${ctx.sessions.path}): run \`ns-api-jwt login\`, or set NS_TOKEN.${more}`);
}
