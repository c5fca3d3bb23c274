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
  readonly #key: Uint8Array;
  readonly #issuer: string;

  constructor(secret: string | undefined, issuer: string) {
    this.#key = secret === undefined ? randomBytes(32) : new TextEncoder().encode(secret);
    this.#issuer = issuer;
  }

  /** Signs an HS256 JWT like NetSapiens does, with a 40-hex JWT ID and Unix-second times. */
  async sign(claims: Record<string, unknown>, nowMs: number, ttlSeconds: number): Promise<IssuedToken> {
    const jti = randomBytes(20).toString("hex");
    const iat = Math.floor(nowMs / 1000);
    const payload = { aud: "ns", iss: this.#issuer, jti, iat, exp: iat + ttlSeconds, ...claims };
    const token = await new SignJWT(payload).setProtectedHeader({ typ: "JWT", alg: "HS256" }).sign(this.#key);
    return { token, jti, payload };
  }

  /** Verifies signature, algorithm (HS256 only: `alg: none` is refused) and expiry at `nowMs`. */
  async verify(token: string, nowMs: number): Promise<JWTPayload & Record<string, unknown>> {
    const { payload } = await jwtVerify(token, this.#key, {
      algorithms: ["HS256"],
      audience: "ns",
      issuer: this.#issuer,
      currentDate: new Date(nowMs),
      clockTolerance: 0,
    });
    return payload as JWTPayload & Record<string, unknown>;
  }
}
