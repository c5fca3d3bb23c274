import { createHmac, hash, randomBytes } from "node:crypto";
import { jwtVerify, type JWTPayload } from "jose";
import { JWT_ID } from "../validate.js";
import type { Now } from "./maybe-now.js";

/** What a token is for: an access token, the pre-MFA token, or a refresh JWT. */
export type TokenUse = "access" | "mfa" | "refresh";

export interface IssuedToken {
  token: string;
  jti: string;
  /** Expiry, in Unix seconds. */
  exp: number;
}

/**
 * A token's own claims, serialized once: a login signs the same user's claims again and again, and
 * JSON.stringify of them was a tenth of a login's CPU. Build it with `claimsJson`.
 */
export interface ClaimsJson {
  /** The members of a JSON object, without its braces: `"sub":"1000@example.com",…`. */
  readonly members: string;
}

export function claimsJson(claims: Record<string, unknown>): ClaimsJson {
  return { members: JSON.stringify(claims).slice(1, -1) };
}

const HEADER = Buffer.from(JSON.stringify({ typ: "JWT", alg: "HS256" })).toString("base64url");
/** What every signing input starts with: the encoded header and its dot. */
const SIGNED_PREFIX = `${HEADER}.`;

export class TokenSigner {
  // Signing is node:crypto's HMAC, synchronous: jose signs through WebCrypto's async jobs, ~20× slower
  // here, and a mock login signs two tokens. Verifying stays with jose, which so checks every token we sign.
  readonly #secret: Buffer;
  readonly #hmac: (signingInput: string) => string;
  readonly #issuerJson: string;
  // Imported once: jose would import raw key bytes again on every verify.
  readonly #key: Promise<CryptoKey>;
  readonly #issuer: string;
  // Keyed by the signature, checked against the whole token: a Map hashes every character of its key, and
  // a signature is 43 of a token's ~600.
  readonly #verified = new Map<string, { token: string; payload: JWTPayload }>();

  constructor(secret: string | undefined, issuer: string) {
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, "utf8");
    this.#key = crypto.subtle.importKey("raw", new Uint8Array(this.#secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    this.#issuer = issuer;
    this.#hmac = hmacSha256(this.#secret, SIGNED_PREFIX);
    this.#issuerJson = JSON.stringify(issuer);
  }

  /** Signs an HS256 JWT like NetSapiens does, with a 40-hex JWT ID and Unix-second times. */
  sign(claims: ClaimsJson, nowMs: number, ttlSeconds: number): IssuedToken {
    const jti = this.#randomHex(20);
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + ttlSeconds;
    // The registered claims first, then the token's own (none of which repeats them: grants.ts builds them).
    const payload = `{"aud":"ns","iss":${this.#issuerJson},"jti":"${jti}","iat":${iat},"exp":${exp}${claims.members === "" ? "" : `,${claims.members}`}}`;
    const encoded = this.#base64url(payload);
    return { token: `${SIGNED_PREFIX}${encoded}.${this.#hmac(encoded)}`, jti, exp };
  }

  // Encoded through one reused buffer: a Buffer.from per token was an allocation as large as the payload.
  #scratch = Buffer.alloc(2048);

  #base64url(text: string): string {
    if (text.length * 3 > this.#scratch.length) return Buffer.from(text).toString("base64url");
    return this.#scratch.toString("base64url", 0, this.#scratch.write(text));
  }

  // One randomBytes call per JWT ID costs more than signing: draw them from a pool of random hex digits,
  // made 4 kB of randomness at a time.
  #pool = "";
  #poolOffset = 0;

  #randomHex(bytes: number): string {
    const digits = 2 * bytes;
    if (this.#poolOffset + digits > this.#pool.length) {
      this.#pool = randomBytes(4096).toString("hex");
      this.#poolOffset = 0;
    }
    this.#poolOffset += digits;
    return this.#pool.slice(this.#poolOffset - digits, this.#poolOffset);
  }

  /**
   * Verifies signature, algorithm (HS256 only: `alg: none` is refused), expiry at `nowMs`, and that `exp` and
   * `jti` are there. A token verified before is answered at once (or refused at once, once expired); only a
   * new one waits for jose.
   */
  verify(token: string, nowMs: number): Now<JWTPayload & Record<string, unknown>> {
    const known = this.#verified.get(signatureOf(token));
    if (known?.token !== token) return this.#verifyFirst(token, nowMs);
    const { payload } = known;
    if (typeof payload.exp === "number" && payload.exp <= Math.floor(nowMs / 1000)) {
      throw Object.assign(new Error('"exp" claim timestamp check failed'), { code: "ERR_JWT_EXPIRED" });
    }
    return payload as JWTPayload & Record<string, unknown>;
  }

  async #verifyFirst(token: string, nowMs: number): Promise<JWTPayload & Record<string, unknown>> {
    const { payload } = await jwtVerify(token, await this.#key, {
      algorithms: ["HS256"],
      audience: "ns",
      issuer: this.#issuer,
      currentDate: new Date(nowMs),
      clockTolerance: 0,
      requiredClaims: ["exp", "jti"],
    });
    // NetSapiens' tokens always carry both, as whole Unix seconds and a 40-hex JWT ID: a token signed
    // with the secret but shaped otherwise was made by hand, and the spec's Claims could not describe it.
    if (!Number.isInteger(payload.exp) || typeof payload.jti !== "string" || !JWT_ID.test(payload.jti)) {
      throw Object.assign(new Error("The token's exp or jti claim is malformed"), { code: "ERR_JWT_CLAIM_VALIDATION_FAILED" });
    }
    // A token whose signature checked out once always will: keep the answer, bounded.
    if (this.#verified.size >= 10_000) this.#verified.delete(this.#verified.keys().next().value as string);
    this.#verified.set(signatureOf(token), { token, payload });
    return payload as JWTPayload & Record<string, unknown>;
  }
}

function signatureOf(token: string): string {
  return token.slice(token.lastIndexOf(".") + 1);
}

/**
 * HMAC-SHA256 (RFC 2104) of `prefix` + ASCII text, base64url: the key's inner and outer pads, and the
 * prefix after the inner one, are written once, and each token costs two one-shot `crypto.hash` calls into
 * reused buffers, ~40 % less than a `createHmac` object per token (a login signs two). Falls back to
 * createHmac where `crypto.hash` is missing (Node < 20.12) or for a key longer than a block.
 */
function hmacSha256(key: Buffer, prefix: string): (text: string) => string {
  const slow = (text: string) => createHmac("sha256", key).update(prefix + text).digest("base64url");
  if (typeof hash !== "function" || key.length > 64) return slow;
  const inner = Buffer.alloc(64 + 8192, 0x36);
  const outer = Buffer.alloc(64 + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = key[i]! ^ 0x36;
    outer[i] = key[i]! ^ 0x5c;
  }
  const start = 64 + inner.write(prefix, 64, "latin1");
  // A user's tokens of one kind all have one length: a view of the inner buffer per length, not one per token.
  const views = new Map<number, Buffer>();
  return (text) => {
    if (text.length > inner.length - start) return slow(text);
    const end = start + inner.write(text, start, "latin1"); // base64url: ASCII
    let view = views.get(end);
    if (view === undefined) {
      view = inner.subarray(0, end);
      if (views.size < 64) views.set(end, view);
    }
    (hash("sha256", view, "buffer") as unknown as Buffer).copy(outer, 64);
    return hash("sha256", outer, "base64url");
  };
}
