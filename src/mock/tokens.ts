import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";

/** What a token is for: an access token, the pre-MFA token, or a refresh JWT. */
export type TokenUse = "access" | "mfa" | "refresh";

export interface IssuedToken {
  token: string;
  jti: string;
  payload: JWTPayload & Record<string, unknown>;
}

export class TokenSigner {
  // Imported once: jose would import raw key bytes again on every sign and verify.
  readonly #key: Promise<CryptoKey>;
  readonly #issuer: string;
  readonly #verified = new Map<string, JWTPayload>();

  constructor(secret: string | undefined, issuer: string) {
    const raw = secret === undefined ? randomBytes(32) : new TextEncoder().encode(secret);
    this.#key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    this.#issuer = issuer;
  }

  /** Signs an HS256 JWT like NetSapiens does, with a 40-hex JWT ID and Unix-second times. */
  async sign(claims: Record<string, unknown>, nowMs: number, ttlSeconds: number): Promise<IssuedToken> {
    const jti = randomBytes(20).toString("hex");
    const iat = Math.floor(nowMs / 1000);
    const payload = { aud: "ns", iss: this.#issuer, jti, iat, exp: iat + ttlSeconds, ...claims };
    const token = await new SignJWT(payload).setProtectedHeader({ typ: "JWT", alg: "HS256" }).sign(await this.#key);
    return { token, jti, payload };
  }

  /** Verifies signature, algorithm (HS256 only: `alg: none` is refused) and expiry at `nowMs`. */
  async verify(token: string, nowMs: number): Promise<JWTPayload & Record<string, unknown>> {
    let payload = this.#verified.get(token);
    if (payload === undefined) {
      ({ payload } = await jwtVerify(token, await this.#key, {
        algorithms: ["HS256"],
        audience: "ns",
        issuer: this.#issuer,
        currentDate: new Date(nowMs),
        clockTolerance: 0,
      }));
      // A token whose signature checked out once always will: keep the answer, bounded.
      if (this.#verified.size >= 10_000) this.#verified.delete(this.#verified.keys().next().value as string);
      this.#verified.set(token, payload);
    } else if (typeof payload.exp === "number" && payload.exp <= Math.floor(nowMs / 1000)) {
      throw Object.assign(new Error('"exp" claim timestamp check failed'), { code: "ERR_JWT_EXPIRED" });
    }
    return payload as JWTPayload & Record<string, unknown>;
  }
}
