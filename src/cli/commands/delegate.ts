import { requireDomain, requireSingleLine } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { createMemoryTokenStore } from "../../token-store.js";
import { printSession, stored } from "./login.js";

export const delegate: Command = {
  name: "delegate",
  summary: "get a token for another user with an API key (NS_API_KEY)",
  usage: "delegate --print-token --user USER --domain DOMAIN --server HOST | --base-url URL",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: { user: { type: "string" }, domain: { type: "string" }, "print-token": { type: "boolean" } },
  help: `Obtains a token for another user with the API key (delegated access). The token is printed and not
saved: the session file stays yours. So --print-token is required; without it the command refuses
before sending anything.

Secrets: NS_API_KEY from the environment, or else the first line of standard input (asked without
echo on a terminal). Never from a flag.

Options:
  --user USER              the user to act as (the part before @)
  --domain DOMAIN          their domain
  --print-token            print the token and the refresh JWT on stdout, one per line
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    const location = ctx.requireLocation();
    const user = ctx.string("user");
    const domain = ctx.string("domain");
    if (user === undefined || domain === undefined) throw ctx.usage("delegate needs --user and --domain.");
    ctx.checked(() => requireSingleLine(user, "user", 256));
    ctx.checked(() => requireDomain(domain, "domain"));
    if (!ctx.flag("print-token")) throw ctx.usage("delegate only prints the token it gets: add --print-token.");
    ctx.timeoutMs();
    const apiKey = await ctx.need("NS_API_KEY", "API key: ");
    // Kept in memory only: the session file stays yours.
    const store = createMemoryTokenStore();
    const auth = ctx.facade(location, store, { apiKey });
    const session = await auth.delegate({ user, domain }, ctx.callOptions());
    printSession(ctx, location, session, stored(store), "Delegated", false);
    return EXIT.ok;
  },
};
