// Token-shaped strings for facade tests. The facade never verifies signatures, so a fixed one will do.
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let counter = 0;

/** A JWT whose payload is `claims` plus a fresh 40-hex jti; `exp` in Unix seconds. */
export function fakeJwt(claims: Record<string, unknown> = {}): string {
  counter += 1;
  const jti = counter.toString(16).padStart(40, "0");
  return `${b64({ typ: "JWT", alg: "HS256" })}.${b64({ aud: "ns", jti, sub: "1000@example.com", user_scope: "Basic User", ...claims })}.c2lnbmF0dXJl`;
}

/** Sentinel secrets: tests assert that none of them ever shows up in an error, a log or inspect output. */
export const SECRETS = {
  clientSecret: "SENTINEL-client-secret-7f3a",
  password: "SENTINEL-password-91bc",
  apiKey: "nsd_SENTINEL" + "k".repeat(48),
};
