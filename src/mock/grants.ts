// The four grants of `POST /jwt`: password, MFA, refresh and delegation. Each takes its grant as the
// spec's type and names every field of it: a field added to or removed from a grant in the spec is a
// compile error here until the mock handles it.
import type { MockUser } from "./defaults.js";
import { HttpError, jsonText, type MockResponse } from "./exchange.js";
import type { Now } from "./maybe-now.js";
import type { ResolvedOptions } from "./options.js";
import { refuse, reply, type BodyOf, type NamedClaims, type Schema } from "./routing.js";
import type { TokenRegistry } from "./token-registry.js";
import { claimsJson, type ClaimsJson } from "./tokens.js";
import { verifyTotp } from "./totp.js";

export interface GrantContext {
  readonly options: ResolvedOptions;
  readonly users: ReadonlyMap<string, MockUser>;
  readonly clients: ReadonlyMap<string, string>;
  readonly apiKeys: ReadonlySet<string>;
  readonly registry: TokenRegistry;
  readonly now: () => number;
  /** Called when a refresh grant is refused because its refresh JWT was already spent. */
  readonly onRefreshReuse: () => void;
}

const ROUTE = "POST /jwt";
type TokenPair = Schema<"TokenPair">;

/** Every field of a grant was taken out: `rest` is what is left, and must be nothing. */
function noFieldsLeft(_rest: Record<string, never>): void {}

export function uidOf(user: MockUser): string {
  return `${user.user}@${user.domain}`;
}

export class TokenGrants {
  constructor(private readonly context: GrantContext) {}

  /**
   * Answers a body that already matched the spec's TokenRequest; `apiKey` is the bearer credential, if any.
   * A password or delegation grant is answered at once; MFA and refresh wait for their token's verification.
   */
  answer(grant: Schema<"TokenRequest">, apiKey: string | undefined): Now<MockResponse> {
    if ("grant_type" in grant) return grant.grant_type === "password" ? this.#password(grant) : this.#mfa(grant);
    if ("refresh" in grant) return this.#refresh(grant);
    return this.#delegation(apiKey, grant);
  }

  #checkClient(clientId: string, clientSecret: string): void {
    const secret = this.context.clients.get(clientId);
    if (secret === undefined || secret !== clientSecret) throw new HttpError(401, "Invalid client credentials");
  }

  #checkPassword(username: string, password: string): MockUser {
    const user = this.context.users.get(username);
    if (user === undefined || user.password !== password) throw new HttpError(401, "Invalid username or password");
    return user;
  }

  #password(grant: Schema<"PasswordGrant">): MockResponse {
    const { grant_type: _password, client_id, client_secret, username, password, ...unhandled } = grant;
    noFieldsLeft(unhandled);
    this.#checkClient(client_id, client_secret);
    const user = this.#checkPassword(username, password);
    const family = this.context.registry.newFamily();
    if (user.passcode === undefined && user.totpSecret === undefined) return pairResponse(this.#issuePair(user, family));
    const claims = this.#claimsOf(user);
    const { token } = this.context.registry.issue(claims.uid, family, claims.mfa, this.context.options.mfaTokenTtlSeconds);
    return reply(ROUTE, 200, { token });
  }

  async #mfa(grant: Schema<"MfaGrant">): Promise<MockResponse> {
    const { grant_type: _mfa, client_id, client_secret, username, password, mfa_type, mfa_vendor, ns_id_type, passcode, access_token, ...unhandled } = grant;
    noFieldsLeft(unhandled);
    this.#checkClient(client_id, client_secret);
    const user = this.#checkPassword(username, password);
    const { registry } = this.context;
    const claims = await registry.verify(access_token).catch(() => undefined);
    if (claims === undefined || claims.user_scope !== "mfa_required" || claims.sub !== uidOf(user) || !registry.usable(String(claims.jti))) {
      return refuse(ROUTE, 401, "The MFA token is invalid, expired or already used");
    }
    if (mfa_vendor !== claims.mfa_vendor || mfa_type !== claims.mfa_type || ns_id_type !== "subscriber") {
      return refuse(ROUTE, 400, "mfa_vendor, mfa_type and ns_id_type must match the MFA token");
    }
    const now = this.context.now();
    const valid = user.passcode !== undefined ? passcode === user.passcode : verifyTotp(user.totpSecret ?? "", passcode, now);
    if (!valid) return refuse(ROUTE, 401, "Invalid passcode");
    registry.revoke(String(claims.jti));
    return pairResponse(this.#issuePair(user, registry.familyOf(String(claims.jti))));
  }

  async #refresh(grant: Schema<"RefreshGrant">): Promise<MockResponse> {
    const { refresh, ...unhandled } = grant;
    noFieldsLeft(unhandled);
    const { registry } = this.context;
    const claims = await registry.verify(refresh).catch(() => undefined);
    const jti = String(claims?.jti);
    if (claims !== undefined && claims.token_use === "refresh" && registry.spent(jti)) {
      this.context.onRefreshReuse();
      if (this.context.options.revokeFamilyOnRefreshReuse) registry.revokeFamily(registry.familyOf(jti));
    }
    if (claims === undefined || claims.token_use !== "refresh" || !registry.usable(jti)) {
      return refuse(ROUTE, 401, "The refresh JWT is invalid, expired, revoked or already used");
    }
    registry.spend(jti); // the server rotates refresh JWTs
    const user = this.context.users.get(String(claims.sub));
    if (user === undefined) return refuse(ROUTE, 404, "The user no longer exists");
    return pairResponse(this.#issuePair(user, registry.familyOf(jti)));
  }

  #delegation(apiKey: string | undefined, grant: Schema<"DelegationGrant">): MockResponse {
    const { user: name, domain, ...unhandled } = grant;
    noFieldsLeft(unhandled);
    if (apiKey === undefined || !this.context.apiKeys.has(apiKey)) return refuse(ROUTE, 401, "Delegated access requires a valid API key");
    const user = this.context.users.get(`${name}@${domain}`);
    if (user === undefined) return refuse(ROUTE, 404, `User ${name} does not exist in domain ${domain}`);
    return pairResponse(this.#issuePair(user, this.context.registry.newFamily()));
  }

  #issuePair(user: MockUser, family: number): TokenPair {
    const { options, registry } = this.context;
    const claims = this.#claimsOf(user);
    const access = registry.issue(claims.uid, family, claims.access, options.tokenTtlSeconds);
    if (!options.issueRefreshTokens) return { token: access.token };
    return { token: access.token, refresh: registry.issue(claims.uid, family, claims.refresh, options.refreshTtlSeconds).token };
  }

  // Serialized once per user (a user replaced with addUser is a new object, so a new entry), with the uid
  // every token record of the user shares rather than a string of its own.
  readonly #claims = new WeakMap<MockUser, { uid: string; access: ClaimsJson; mfa: ClaimsJson; refresh: ClaimsJson }>();

  #claimsOf(user: MockUser) {
    let claims = this.#claims.get(user);
    if (claims === undefined) {
      const ttl = this.context.options.tokenTtlSeconds;
      const access = { ...userClaims(user), user_scope: user.scope ?? "Basic User", time_out: ttl * 1000, apiversion: "Version: 44.4 (mock)" } satisfies NamedClaims;
      const mfa = { ...userClaims(user), user_scope: "mfa_required", mfa_vendor: "google", mfa_type: "authenticator" } satisfies NamedClaims;
      // A refresh JWT's claims are not documented: the subject and what it is for.
      const refresh = { sub: uidOf(user), token_use: "refresh" };
      claims = { uid: uidOf(user), access: claimsJson(access), mfa: claimsJson(mfa), refresh: claimsJson(refresh) };
      this.#claims.set(user, claims);
    }
    return claims;
  }
}

/**
 * A token pair as `POST /jwt` answers it, serialized by hand: JWTs are base64url and dots, which JSON
 * never escapes, and JSON.stringify over ~900 characters was a tenth of a login.
 */
function pairResponse(pair: BodyOf<typeof ROUTE, 200>): MockResponse {
  return jsonText(200, pair.refresh === undefined ? `{"token":"${pair.token}"}` : `{"token":"${pair.token}","refresh":"${pair.refresh}"}`);
}

function userClaims(user: MockUser) {
  const uid = uidOf(user);
  return {
    sub: uid,
    domain: user.domain,
    territory: "MockReseller",
    user: user.user,
    user_email: user.email ?? null,
    displayName: user.displayName ?? user.user,
    login: uid,
    department: "Support",
  } satisfies NamedClaims;
}
