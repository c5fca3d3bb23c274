import type { NsAuth } from "../ns-auth.js";
import { createMemoryTokenStore, type SessionTokens } from "../token-store.js";
import { requireJwt } from "../validate.js";
import type { Context } from "./context.js";
import { NotLoggedInError } from "./exit-codes.js";
import type { StoredSession } from "./session-file.js";

/** A facade holding the tokens a command works with, and where they came from. */
export interface OpenSession {
  readonly auth: NsAuth;
  readonly from: "NS_TOKEN" | "session file" | "standard input";
  /** The session file's contents, when the tokens came from it. */
  readonly stored?: StoredSession;
  /** The newest tokens (a renewal may have rotated them). */
  latest(): SessionTokens;
}

/**
 * The tokens to use: `NS_TOKEN` (with --server/--base-url), else the session file (with its own base
 * URL; a different one given by flags is refused, so its tokens never go to another host), else a token
 * on standard input. Tokens from the session file that the facade renews are written back to it.
 */
export async function openSession(ctx: Context, options: { sessionOnly?: boolean } = {}): Promise<OpenSession> {
  const envToken = options.sessionOnly ? undefined : ctx.io.env.NS_TOKEN;
  if (envToken !== undefined && envToken !== "") {
    const token = requireJwt(envToken, "token");
    const auth = ctx.facade(ctx.requireLocation(), { store: createMemoryTokenStore({ token }) });
    return tracked(auth, "NS_TOKEN", { token }, undefined, ctx);
  }
  const stored = ctx.sessions.read();
  if (stored !== undefined) {
    const location = ctx.location();
    if (location !== undefined && location.baseUrl !== stored.baseUrl) {
      throw ctx.usage(`The session is for ${stored.baseUrl}, not ${location.baseUrl}: log in there, or set NS_TOKEN.`);
    }
    const tokens = { token: stored.token, refresh: stored.refresh };
    const auth = ctx.facade({ baseUrl: stored.baseUrl, allowInsecureHttp: stored.allowInsecureHttp }, { store: createMemoryTokenStore(tokens) });
    return tracked(auth, "session file", tokens, stored, ctx);
  }
  if (options.sessionOnly) throw notLoggedIn(ctx);
  // No NS_TOKEN and no session: a token may still come on standard input, for the host the flags name.
  const location = ctx.location();
  if (location === undefined) throw notLoggedIn(ctx);
  const fromStdin = await ctx.secrets.get("NS_TOKEN", "Token: ");
  if (fromStdin === undefined) throw notLoggedIn(ctx);
  const token = requireJwt(fromStdin, "token");
  const auth = ctx.facade(location, { store: createMemoryTokenStore({ token }) });
  return tracked(auth, "standard input", { token }, undefined, ctx);
}

export function notLoggedIn(ctx: Context): NotLoggedInError {
  return new NotLoggedInError(`Not logged in (no session file at ${ctx.sessions.path}): run \`ns-api-jwt login\`, or set NS_TOKEN.`);
}

function tracked(auth: NsAuth, from: OpenSession["from"], initial: SessionTokens, stored: StoredSession | undefined, ctx: Context): OpenSession {
  let latest = initial;
  auth.onTokensChange((tokens) => {
    if (tokens === undefined) return; // a revocation clears the facade; the file stays until `logout`
    latest = tokens;
    if (stored !== undefined) ctx.sessions.write({ baseUrl: stored.baseUrl, allowInsecureHttp: stored.allowInsecureHttp, token: tokens.token, refresh: tokens.refresh });
  });
  return { auth, from, ...(stored === undefined ? {} : { stored }), latest: () => latest };
}
