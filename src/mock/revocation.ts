// DELETE /jwt/{id}: one token by JWT ID, or every token of a uid, within the caller's reach.
import type { MockUser } from "./defaults.js";
import type { MockResponse } from "./exchange.js";
import { refuse, reply, type Schema } from "./routing.js";
import type { VerifiedClaims } from "./bearer.js";
import type { TokenRegistry } from "./token-registry.js";
import { JWT_ID, UID } from "../validate.js";

const ROUTE = "DELETE /jwt/{id}";
/** What the mock sends with a 202: the documented SuccessResponse shape (the spec admits `{}` too). */
export const ACCEPTED: Schema<"Acknowledgement"> = { code: 202, message: "Accepted" };

/** Anyone may revoke their own tokens; an Office Manager those of their domain; resellers and super users any. */
function mayRevoke(caller: VerifiedClaims, uid: string): boolean {
  return (
    uid === caller.sub ||
    caller.user_scope === "Super User" ||
    caller.user_scope === "Reseller" ||
    (caller.user_scope === "Office Manager" && uid.endsWith(`@${String(caller.domain)}`))
  );
}

export function revokeById(registry: TokenRegistry, users: ReadonlyMap<string, MockUser>, caller: VerifiedClaims, id: string): MockResponse {
  if (JWT_ID.test(id)) {
    const owner = registry.ownerOf(id);
    if (owner === undefined) return refuse(ROUTE, 404, "No token has that JWT ID");
    if (!mayRevoke(caller, owner)) return refuse(ROUTE, 403, "Permission Denied");
    registry.revoke(id);
    return reply(ROUTE, 202, ACCEPTED);
  }
  if (UID.test(id)) {
    if (!users.has(id)) return refuse(ROUTE, 404, `User ${id} does not exist`);
    if (!mayRevoke(caller, id)) return refuse(ROUTE, 403, "Permission Denied");
    registry.revokeUser(id);
    return reply(ROUTE, 202, ACCEPTED);
  }
  return refuse(ROUTE, 400, "The id must be a JWT ID (40 hex characters) or a uid (user@domain)");
}
