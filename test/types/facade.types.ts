// Compiled by `npm run typecheck`, never run: the two-step MFA flow cannot be used wrongly from TypeScript.
import { createAuthenticatedClient, NsAuth, type LoginResult } from "../../src/index.js";

const auth = new NsAuth({ server: "pbx.example.com", clientId: "c", clientSecret: "s" });

export async function typeChecks(result: LoginResult) {
  // @ts-expect-error `complete` exists only once the result is known to be an MFA challenge
  await result.complete("123456");
  // @ts-expect-error a challenge has no claims: nothing is authenticated before the passcode
  void result.claims.sub;
  if (result.status === "mfa_required") {
    const done = await result.complete("123456");
    const sub: unknown = done.claims.sub;
    // @ts-expect-error completing yields a session, not another challenge
    await done.complete("123456");
    return sub;
  }
  // @ts-expect-error an authenticated result cannot be completed
  await result.complete("123456");
  // @ts-expect-error login takes a credentials object, not positional strings
  await auth.login("1000@example.com", "password");
  // @ts-expect-error revokeToken takes a JWT ID string
  await auth.revokeToken({ jti: "x" });
  // @ts-expect-error the authenticated client is typed by the spec: no such path
  await createAuthenticatedClient(auth).GET("/nope");
  return result.claims.sub;
}
