import { decodeClaims } from "../../decode-claims.js";
import { requireJwt } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, SESSION_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { notLoggedIn, openSession } from "../token-source.js";

export const claims: Command = {
  name: "claims",
  summary: "the token's claims as the server sees them (GET /jwt)",
  usage: "claims [--server HOST | --base-url URL]",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: {},
  help: `Asks the server for the token's claims (GET /jwt): the authoritative answer. A refused token is
reported as the server refused it (for example \`401: The JWT has been revoked\`).

${SESSION_HELP} When the session's token has expired, it is renewed with the refresh JWT and the new
pair is written back to the session file.

Options:
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    ctx.timeoutMs();
    const { auth } = await openSession(ctx);
    ctx.out.result(await auth.claims(ctx.callOptions()));
    return EXIT.ok;
  },
};

export const decode: Command = {
  name: "decode",
  summary: "the token's claims decoded locally, NOT verified (no request)",
  usage: "decode",
  connects: false,
  exitCodes: [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.refused, EXIT.interrupted],
  options: {},
  help: `Decodes the token's claims without asking the server and WITHOUT verifying the signature (only the
server holds the key): for display and expiry, never proof. \`claims\` asks the server.

The token comes from NS_TOKEN, else the session file, else standard input.

Options:
${COMMON_HELP}`,

  async run(ctx) {
    const envToken = ctx.io.env.NS_TOKEN;
    const token = envToken ? envToken : (ctx.sessions.read()?.token ?? (await ctx.secrets.get("NS_TOKEN", "Token: ")));
    if (token === undefined) throw notLoggedIn(ctx);
    ctx.out.note("Decoded locally and NOT verified: only the server can check the signature (use `claims`).");
    ctx.out.result(decodeClaims(requireJwt(token, "token")));
    return EXIT.ok;
  },
};
