import { createMemoryTokenStore } from "../../token-store.js";
import { requireJwt } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT, NotLoggedInError } from "../exit-codes.js";
import { notLoggedIn, openSession } from "../token-source.js";
import { printSession, stored } from "./login.js";

export const refresh: Command = {
  name: "refresh",
  summary: "trade the refresh JWT for a new pair (the session's, or NS_REFRESH)",
  usage: "refresh [--print-token] | refresh --print-token --server HOST | --base-url URL   (with NS_REFRESH)",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: { "print-token": { type: "boolean" } },
  help: `Trades a refresh JWT for a new token and refresh JWT. The server rotates them: the old refresh JWT
is spent.

Without NS_REFRESH, it refreshes the saved session and writes the new pair back to the session file;
tokens are printed only with --print-token.
With NS_REFRESH (or a refresh JWT on standard input, when there is no session), the new pair is not
saved anywhere, so --print-token is required: without it the command refuses before sending anything,
since the spent refresh JWT would leave you with nothing.

Options:
  --print-token            print the new token and refresh JWT on stdout, one per line
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    ctx.timeoutMs();
    const given = ctx.io.env.NS_REFRESH;
    const saved = given ? undefined : ctx.sessions.read();
    if (saved === undefined) {
      // No session: only a refresh JWT given outside the file can be refreshed, and only to be printed.
      if (!given && !ctx.flag("print-token")) throw notLoggedIn(ctx, " Or set NS_REFRESH and add --print-token.");
      if (!ctx.flag("print-token")) throw ctx.usage("refresh with NS_REFRESH spends it and saves nothing: add --print-token to receive the new pair.");
      const location = ctx.requireLocation();
      const refreshJwt = await ctx.need("NS_REFRESH", "Refresh JWT: ");
      const store = createMemoryTokenStore();
      const auth = ctx.facade(location, store);
      const session = await auth.refreshFrom(ctx.checked(() => requireJwt(refreshJwt, "refresh")), ctx.callOptions());
      printSession(ctx, location, session, stored(store), "Refreshed", false);
      return EXIT.ok;
    }
    if (saved.refresh === undefined) {
      throw new NotLoggedInError("The session has no refresh JWT (the server issued none, as before NetSapiens 44.3): log in again.");
    }
    const open = await openSession(ctx, { sessionOnly: true });
    const session = await open.auth.refreshFrom(saved.refresh, ctx.callOptions());
    printSession(ctx, { baseUrl: saved.baseUrl, allowInsecureHttp: saved.allowInsecureHttp }, session, stored(open.store), "Refreshed");
    return EXIT.ok;
  },
};
