// What every benchmark sends and answers: one token, one claims body, the same for every client.
import { DEFAULT_CLIENT } from "../../src/mock/index.js";

/** A seeded mock user, and the password grant every client sends for it. */
export const USER = { username: "1000@example.com", password: "demo-password-1000" };
export const GRANT = { grant_type: "password" as const, client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, ...USER };
export const TOKEN =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6NDEwMjQ0NDgwMCwianRpIjoiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMSIsInN1YiI6IjEwMDBAZXhhbXBsZS5jb20iLCJ1c2VyX3Njb3BlIjoiT2ZmaWNlIE1hbmFnZXIifQ.c2lnbmF0dXJl";
export const CLAIMS_BODY = JSON.stringify({
  aud: "ns",
  exp: 4102444800,
  iat: 1767225600,
  jti: "0000000000000000000000000000000000000001",
  sub: "1000@example.com",
  user_email: null,
  user_scope: "Office Manager",
  displayName: "Ada Admin",
});
/** What `POST /jwt` answers: a token pair. */
export const TOKEN_PAIR_BODY = JSON.stringify({ token: TOKEN, refresh: TOKEN });
export const STUB_BASE_URL = "https://pbx.example.com/ns-api/v2";

/**
 * A fetch that answers every request at once with the claims, without network: for in-process costs.
 * Like the real fetch, it builds a Request from its arguments first (fetch(request) builds a second one),
 * so clients that hand fetch a Request and clients that hand it a URL pay what they would for real.
 */
export function stubFetch(body = CLAIMS_BODY): (input: Request | string, init?: RequestInit) => Promise<Response> {
  const headers = { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) };
  return async (input, init) => {
    void new Request(input, init);
    return new Response(body, { status: 200, headers });
  };
}
