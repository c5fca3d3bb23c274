import { TokenSigner, type ClaimsJson, type IssuedToken } from "./tokens.js";

/** What the mock remembers of a token it issued and that has not expired. */
interface IssuedRecord {
  uid: string;
  /** Expiry, in Unix seconds, as in the token. */
  exp: number;
  /** The login this token descends from: a password, MFA or delegation grant starts one, a refresh grant inherits it. */
  family: number;
  revoked: boolean;
  /** A refresh JWT already traded for a new pair (it is revoked too). */
  spent: boolean;
}

/**
 * Signs tokens and keeps the record of every live one: whose it is, which login it descends from, and
 * whether it was revoked or spent. Tokens it did not issue but that verify (same secret, earlier run)
 * have no record and count as usable.
 */
export class TokenRegistry {
  readonly #signer: TokenSigner;
  readonly #now: () => number;
  readonly #tokens = new Map<string, IssuedRecord>();
  #families = 0;
  // Expired records are swept when the map has doubled since the last sweep: bounded by the live tokens,
  // at a constant cost per token issued.
  #sweepAtSize = 1024;

  constructor(secret: string | undefined, issuer: string, now: () => number) {
    this.#signer = new TokenSigner(secret, issuer);
    this.#now = now;
  }

  /** A new login's family, for the tokens it and its refreshes will issue. */
  newFamily(): number {
    return ++this.#families;
  }

  issue(uid: string, family: number, claims: ClaimsJson, ttlSeconds: number): IssuedToken {
    const issued = this.#signer.sign(claims, this.#now(), ttlSeconds);
    this.#tokens.set(issued.jti, { uid, exp: issued.exp, family, revoked: false, spent: false });
    if (this.#tokens.size >= this.#sweepAtSize) {
      const nowSeconds = this.#nowSeconds();
      for (const [jti, record] of this.#tokens) if (record.exp <= nowSeconds) this.#tokens.delete(jti);
      this.#sweepAtSize = Math.max(1024, 2 * this.#tokens.size);
    }
    return issued;
  }

  /** Verifies a token (see TokenSigner.verify): a promise, which rejects for every refusal. */
  async verify(token: string) {
    return this.#signer.verify(token, this.#now());
  }

  /** The same check, at once for a token verified before; it may throw as well as reject. */
  verifyNow(token: string) {
    return this.#signer.verify(token, this.#now());
  }

  /** The owner of an issued token that has not expired; undefined for any other JWT ID. */
  ownerOf(jti: string): string | undefined {
    const record = this.#tokens.get(jti);
    return record === undefined || record.exp <= this.#nowSeconds() ? undefined : record.uid;
  }

  /** The family of an issued token, or a new one for a token this mock has no record of. */
  familyOf(jti: string): number {
    return this.#tokens.get(jti)?.family ?? this.newFamily();
  }

  /** Whether this mock issued the token (and it has not expired and been swept). */
  issued(jti: string): boolean {
    return this.#tokens.has(jti);
  }

  /** Not revoked, and not spent. */
  usable(jti: string): boolean {
    return this.#tokens.get(jti)?.revoked !== true;
  }

  /** A refresh JWT that was already traded for a pair. */
  spent(jti: string): boolean {
    return this.#tokens.get(jti)?.spent === true;
  }

  revoke(jti: string): void {
    const record = this.#tokens.get(jti);
    if (record !== undefined) record.revoked = true;
  }

  /** Marks a refresh JWT as traded: it is refused from now on, and a later attempt is a reuse. */
  spend(jti: string): void {
    const record = this.#tokens.get(jti);
    if (record !== undefined) record.revoked = record.spent = true;
  }

  revokeUser(uid: string): void {
    for (const record of this.#tokens.values()) if (record.uid === uid) record.revoked = true;
  }

  revokeFamily(family: number): void {
    for (const record of this.#tokens.values()) if (record.family === family) record.revoked = true;
  }

  #nowSeconds(): number {
    return Math.floor(this.#now() / 1000);
  }
}
