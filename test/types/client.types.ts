// Compiled by `npm run typecheck`, never run: each @ts-expect-error must meet a real type error.
import { createAuthenticatedClient, NsAuth, type TokenRequest } from "../../src/index.js";

const client = createAuthenticatedClient(new NsAuth({ server: "pbx.example.com" }));

export async function typeChecks() {
  // Accepted: every grant, the claims, both revocations.
  await client.POST("/jwt", { body: { grant_type: "password", client_id: "c", client_secret: "s", username: "u", password: "p" } });
  await client.POST("/jwt", { body: { refresh: "a.b.c" } });
  await client.POST("/jwt", { body: { user: "1000", domain: "example.com" } });
  const { data } = await client.GET("/jwt");
  const expiresAt: number | undefined = data?.exp;
  const email: string | null | undefined = data?.user_email;
  await client.DELETE("/jwt/{id}", { params: { path: { id: "1000@example.com" } } });

  // @ts-expect-error a grant_type that does not exist
  await client.POST("/jwt", { body: { grant_type: "client_credentials", client_id: "c", client_secret: "s", username: "u", password: "p" } });
  await client.POST("/jwt", {
    // @ts-expect-error the MFA grant without its passcode
    body: { grant_type: "mfa", client_id: "c", client_secret: "s", username: "u", password: "p", mfa_type: "a", mfa_vendor: "g", ns_id_type: "subscriber", access_token: "a.b.c" },
  });
  // @ts-expect-error POST /jwt without a body
  await client.POST("/jwt", {});
  // @ts-expect-error DELETE /jwt/{id} without its path parameter
  await client.DELETE("/jwt/{id}", {});
  // @ts-expect-error a path the spec does not have
  await client.GET("/nope");
  // @ts-expect-error exp is a number, not a string
  const wrong: string | undefined = data?.exp;
  // @ts-expect-error ns_id_type has two values only
  const badIdType: TokenRequest = { grant_type: "mfa", client_id: "c", client_secret: "s", username: "u", password: "p", mfa_type: "a", mfa_vendor: "g", ns_id_type: "admin", passcode: "123456", access_token: "a.b.c" };
  // @ts-expect-error an unknown property on a typed grant
  const extra: TokenRequest = { refresh: "a.b.c", bogus: 1 };
  return [expiresAt, email, wrong, badIdType, extra];
}
