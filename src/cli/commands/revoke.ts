import { requireJwtId, requireUid } from "../../validate.js";
import { CONNECT_HELP, COMMON_HELP, SESSION_HELP, type Command, SERVER_EXITS } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { openSession } from "../token-source.js";

export const revoke: Command = {
  name: "revoke",
  summary: "revoke the current token, one by JWT ID, or every token of a user",
  usage: "revoke [--jti JTI | --uid USER@DOMAIN] [--server HOST | --base-url URL]",
  connects: true,
  exitCodes: SERVER_EXITS,
  options: { jti: { type: "string" }, uid: { type: "string" } },
  help: `Revokes a token: the current one (DELETE /jwt), one by its JWT ID (--jti), or every token of a user
(--uid). The current token authenticates the request.

${SESSION_HELP} Revoking the session's own token (or its user's) ends the session: the session file is
deleted. \`logout\` also revokes the refresh JWT first.

Options:
  --jti JTI                the JWT ID (40 hex digits) of the token to revoke
  --uid USER@DOMAIN        revoke every token of this user
${CONNECT_HELP}
${COMMON_HELP}`,

  async run(ctx) {
    const jti = ctx.string("jti");
    const uid = ctx.string("uid");
    if (jti !== undefined && uid !== undefined) throw ctx.usage("Give --jti or --uid, not both.");
    if (jti !== undefined) ctx.checked(() => requireJwtId(jti, "jti"));
    if (uid !== undefined) ctx.checked(() => requireUid(uid, "uid"));
    ctx.timeoutMs();
    const { auth } = await openSession(ctx);
    const options = ctx.callOptions();
    let what: string;
    if (jti !== undefined) {
      await auth.revokeToken(jti, options);
      what = `token ${jti}`;
    } else if (uid !== undefined) {
      await auth.revokeUser(uid, options);
      what = `every token of ${uid}`;
    } else {
      await auth.revoke(options);
      what = "the current token";
    }
    if (ctx.json) ctx.out.result({ revoked: jti ?? uid ?? "current" });
    else ctx.out.note(`Revoked ${what}.`);
    return EXIT.ok;
  },
};
