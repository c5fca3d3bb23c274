import { decodeClaims, expiryOf } from "../../decode-claims.js";
import type { NamedClaims } from "../../types.js";
import { AuthenticationError, NsApiError, SessionExpiredError } from "../../errors.js";
import { JWT_ID } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { relative, whoIs } from "../output.js";
import { openSession } from "../token-source.js";

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
      else ctx.out.lines(`Not logged in (no session file at ${ctx.sessions.path}).`);
      return EXIT.refused;
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
  summary: "revoke the session's token and delete the session file",
  usage: "logout",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: {},
  help: `Revokes the saved session on the server (its refresh JWT by JWT ID when it has one, then the token),
and deletes the session file. A session the server already refuses (401) is deleted too; when the
server cannot be reached the file is kept, so that logout can be tried again.

Options:
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    ctx.timeoutMs();
    const open = await openSession(ctx, { sessionOnly: true });
    const options = ctx.callOptions();
    let refusedBy: string | undefined;
    try {
      await open.auth.accessToken(options); // renews first if the token expired, so the refresh JWT below is the live one
      const refreshJti = refreshJwtId(open.latest().refresh);
      if (refreshJti !== undefined) {
        await open.auth.revokeToken(refreshJti, options).catch((error: unknown) => {
          if (!(error instanceof NsApiError) || error.status === undefined || error.status === 401) throw error;
          ctx.out.note(`The server did not revoke the refresh JWT (${error.message}); it expires on its own.`);
        });
      }
      await open.auth.revoke(options);
    } catch (error) {
      if (!(error instanceof AuthenticationError || error instanceof SessionExpiredError)) throw error;
      refusedBy = error.message;
    }
    ctx.sessions.delete();
    if (ctx.json) ctx.out.result({ loggedOut: true, revoked: refusedBy === undefined, sessionFile: ctx.sessions.path });
    else if (refusedBy === undefined) ctx.out.note(`Logged out of ${open.stored?.baseUrl}: token revoked, ${ctx.sessions.path} deleted.`);
    else ctx.out.note(`The server already refused the session (${refusedBy}); ${ctx.sessions.path} deleted.`);
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
