import type { Authenticated } from "../../ns-auth.js";
import { requirePasscode, requireText } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, type Command, SERVER_EXITS } from "../command.js";
import type { Context, Location } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { relative, whoIs } from "../output.js";
import type { SessionTokens, TokenStore } from "../../token-store.js";
import type { NamedClaims } from "../../types.js";

export const login: Command = {
  name: "login",
  summary: "log in with a username and password; saves the session",
  usage: "login --server HOST | --base-url URL --username USER [--passcode N] [--print-token]",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: { username: { type: "string" }, passcode: { type: "string" }, "print-token": { type: "boolean" } },
  help: `Logs in with the password grant (and the MFA passcode when the account asks for one), then saves
the session to the session file, so that claims, refresh, revoke, decode, status and logout need no token.

Secrets: NS_CLIENT_ID, NS_CLIENT_SECRET, NS_PASSWORD (and NS_PASSCODE) from the environment, or else
from standard input, one per line in that order (asked without echo on a terminal). Never from flags.

Options:
  --username USER          the user, as user@domain
  --passcode N             the 6-digit MFA passcode (not a secret for long: it is single-use)
  --print-token            also print the token and the refresh JWT on stdout, one per line
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    const location = ctx.requireLocation();
    const username = ctx.string("username");
    if (username === undefined) throw ctx.usage("login needs --username.");
    ctx.checked(() => requireText(username, "username", 256));
    // The library's passcode rule, checked before anything is sent: a passcode the server would refuse
    // must not cost a password grant.
    const passcodeFlag = ctx.string("passcode");
    if (passcodeFlag !== undefined) ctx.checked(() => requirePasscode(passcodeFlag, "passcode"));
    const passcodeEnv = ctx.io.env.NS_PASSCODE;
    if (passcodeFlag === undefined && passcodeEnv) ctx.checked(() => requirePasscode(passcodeEnv, "passcode"), "NS_PASSCODE");
    ctx.timeoutMs();

    const clientId = await ctx.need("NS_CLIENT_ID", "Client ID: ");
    const clientSecret = await ctx.need("NS_CLIENT_SECRET", "Client secret: ");
    const password = await ctx.need("NS_PASSWORD", "Password: ");
    // The session file is the facade's store: the login's pair is written there by the facade itself.
    const store = ctx.sessions.store(location);
    const auth = ctx.facade(location, store, { clientId, clientSecret });
    const result = await auth.login({ username, password }, ctx.callOptions());
    let session: Authenticated;
    if (result.status === "mfa_required") {
      ctx.out.note(`Multi-factor authentication required (${result.mfaVendor} ${result.mfaType}).`);
      const passcode = passcodeFlag ?? (await ctx.need("NS_PASSCODE", "Passcode: "));
      if (passcodeFlag === undefined) ctx.checked(() => requirePasscode(passcode, "passcode"), "The passcode");
      session = await result.complete(passcode, ctx.callOptions());
    } else {
      session = result;
    }
    printSession(ctx, location, session, stored(store), "Logged in");
    return EXIT.ok;
  },
};

/** The pair a store holds after a grant; the facade has just written it. */
export function stored(store: TokenStore): SessionTokens {
  const tokens = store.get();
  if (tokens === undefined) throw new Error("the facade stored no tokens");
  return tokens;
}

/** What login and refresh print: who and until when on stderr (or JSON); the tokens only with --print-token. */
export function printSession(ctx: Context, location: Location, session: Authenticated, tokens: SessionTokens, verb: string, saved = true): void {
  const printToken = ctx.flag("print-token");
  const claims: NamedClaims = session.claims;
  if (ctx.json) {
    ctx.out.result({
      baseUrl: location.baseUrl,
      sub: claims.sub,
      userScope: claims.user_scope,
      expiresAt: session.expiresAt?.toISOString() ?? null,
      canRefresh: session.canRefresh,
      ...(saved ? { sessionFile: ctx.sessions.path } : {}),
      ...(printToken ? { token: tokens.token, refresh: tokens.refresh ?? null } : {}),
      claims: session.claims,
    });
  } else if (printToken) {
    ctx.out.lines(tokens.token, ...(tokens.refresh === undefined ? [] : [tokens.refresh]));
  }
  const until = session.expiresAt === undefined ? "with no expiry" : `until ${session.expiresAt.toISOString()} (${relative(session.expiresAt)})`;
  ctx.out.note(
    `${verb} as ${whoIs(session.claims)} at ${location.baseUrl}, ${until}; ` +
      `${session.canRefresh ? "can refresh" : "no refresh JWT (the server issued none)"}.` +
      (saved ? ` Session saved to ${ctx.sessions.path}.` : ""),
  );
}
