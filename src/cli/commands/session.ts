import { decodeClaims, expiryOf } from "../../decode-claims.js";
import type { NamedClaims } from "../../types.js";
import { AuthenticationError, NsApiError, SessionExpiredError } from "../../errors.js";
import { JWT_ID } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { relative, whoIs } from "../output.js";
import { notLoggedIn, openSession } from "../token-source.js";

export const status: Command = {
  name: "status",
  summary: "who is logged in, until when, and whether the session can refresh",
  usage: "status",
  connects: false,
  exitCodes: [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.refused],
  options: {},
  help: `Shows the saved session: the server, the user, when the token expires and whether the refresh JWT
can renew it. Read from the session file and decoded locally: nothing is sent (\`claims\` asks the
server). No token is printed. Exits 3 when not logged in or when the session can no longer be used.

Options:
${COMMON_HELP}`,

  async run(ctx) {
    const stored = ctx.sessions.read();
    if (stored === undefined) {
      if (ctx.json) ctx.out.result({ loggedIn: false, sessionFile: ctx.sessions.path });
      throw notLoggedIn(ctx);
    }
    const claims: NamedClaims = decodeClaims(stored.token);
    const now = Date.now();
    const expiry = expiryOf(stored.token);
    const refreshExpiry = stored.refresh === undefined ? undefined : expiryOf(stored.refresh);
    const expired = expiry !== undefined && expiry <= now;
    const canRefresh = stored.refresh !== undefined && (refreshExpiry === undefined || refreshExpiry > now);
    const usable = !expired || canRefresh;
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    if (ctx.json) {
      ctx.out.result({
        loggedIn: true,
        baseUrl: stored.baseUrl,
        sub: claims.sub,
        userScope: claims.user_scope,
        expiresAt: iso(expiry),
        expired,
        canRefresh,
        refreshExpiresAt: iso(refreshExpiry),
        savedAt: stored.savedAt,
        sessionFile: ctx.sessions.path,
      });
    } else {
      const when = (ms: number | undefined) => (ms === undefined ? "never" : `${new Date(ms).toISOString()} (${relative(new Date(ms), now)})`);
      ctx.out.lines(
        `Logged in to ${stored.baseUrl} as ${whoIs(claims)}.`,
        `Token ${expired ? "expired" : "expires"} ${when(expiry)}.`,
        stored.refresh === undefined
          ? "No refresh JWT: log in again when the token expires."
          : canRefresh
            ? `Can refresh: the refresh JWT is good until ${when(refreshExpiry)}.`
            : `Cannot refresh: the refresh JWT expired ${when(refreshExpiry)}.`,
        `Session file: ${ctx.sessions.path} (not checked with the server: \`ns-api-jwt claims\` asks it).`,
      );
    }
    return usable ? EXIT.ok : EXIT.refused;
  },
};

export const logout: Command = {
  name: "logout",
  summary: "revoke the session's token and delete the session file (always deleted)",
  usage: "logout",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: {},
  help: `Revokes the saved session on the server (its refresh JWT by JWT ID when it has one, then the token),
and deletes the session file. The file is deleted in every case, so a session can always be forgotten
here. A session the server already refuses (401) is simply deleted (exit 0). When the server cannot be
reached or fails, the file is deleted all the same, but the tokens were not revoked: the token stays
valid until its expiry (the time is printed), and logout exits with that failure's code (5 for a
network failure or timeout, 4 for an API error).

Options:
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    ctx.timeoutMs();
    const open = await openSession(ctx, { sessionOnly: true });
    const options = ctx.callOptions();
    let failure: unknown;
    try {
      await open.auth.accessToken(options); // renews first if the token expired, so the refresh JWT below is the live one
      const refreshJti = refreshJwtId(open.store.get()?.refresh);
      if (refreshJti !== undefined) {
        await open.auth.revokeToken(refreshJti, options).catch((error: unknown) => {
          if (!(error instanceof NsApiError) || error.status === undefined || error.status === 401) throw error;
          ctx.out.note(`The server did not revoke the refresh JWT (${error.message}); it expires on its own.`);
        });
      }
      await open.auth.revoke(options); // the facade clears its store: the session file
    } catch (error) {
      failure = error;
    }
    ctx.sessions.delete(); // whatever the server said, or if it said nothing
    const refused = failure instanceof AuthenticationError || failure instanceof SessionExpiredError;
    const revoked = failure === undefined;
    const validUntil = revoked || refused ? undefined : expiryOf(open.store.get()?.token ?? open.stored!.token);
    if (ctx.json) ctx.out.result({ loggedOut: true, revoked, sessionFile: ctx.sessions.path, ...(validUntil === undefined ? {} : { tokenValidUntil: new Date(validUntil).toISOString() }) });
    else if (revoked) ctx.out.note(`Logged out of ${open.stored?.baseUrl}: token revoked, ${ctx.sessions.path} deleted.`);
    else if (refused) ctx.out.note(`The server already refused the session (${(failure as Error).message}); ${ctx.sessions.path} deleted.`);
    else {
      const until = validUntil === undefined ? "has no expiry" : `stays valid until ${new Date(validUntil).toISOString()} (${relative(new Date(validUntil))})`;
      ctx.out.note(`${ctx.sessions.path} deleted, but the server was not told: the token was not revoked and ${until}.`);
    }
    if (!revoked && !refused) throw failure;
    return EXIT.ok;
  },
};

function refreshJwtId(refresh: string | undefined): string | undefined {
  if (refresh === undefined) return undefined;
  try {
    const jti = decodeClaims(refresh).jti;
    return typeof jti === "string" && JWT_ID.test(jti) ? jti : undefined;
  } catch {
    return undefined;
  }
}
