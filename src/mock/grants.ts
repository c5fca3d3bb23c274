// The four grants of `POST /jwt`: password, MFA, refresh and delegation.
import type { MockUser } from "./defaults.js";
import { errorResponse as error, HttpError, jsonResponse as json, type MockResponse } from "./exchange.js";
import type { ResolvedOptions } from "./options.js";
import type { TokenRegistry } from "./token-registry.js";
import { verifyTotp } from "./totp.js";

type Grant = Record<string, string>;

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

export function uidOf(user: MockUser): string {
  return `${user.user}@${user.domain}`;
}

export class TokenGrants {
  constructor(private readonly context: GrantContext) {}

  /** Answers a body that already matched the spec's TokenRequest; `apiKey` is the bearer credential, if any. */
  answer(grant: Grant, apiKey: string | undefined): Promise<MockResponse> {
    if (grant.grant_type === "password") return this.#password(grant);
    if (grant.grant_type === "mfa") return this.#mfa(grant);
    if (grant.refresh !== undefined) return this.#refresh(grant.refresh);
    return Promise.resolve(this.#delegation(apiKey, grant));
  }

  #checkClient(grant: Grant): void {
    const secret = grant.client_id === undefined ? undefined : this.context.clients.get(grant.client_id);
    if (secret === undefined || secret !== grant.client_secret) throw new HttpError(401, "Invalid client credentials");
  }

  #checkPassword(grant: Grant): MockUser {
    const user = this.context.users.get(grant.username ?? "");
    if (user === undefined || user.password !== grant.password) throw new HttpError(401, "Invalid username or password");
    return user;
  }

  async #password(grant: Grant): Promise<MockResponse> {
    this.#checkClient(grant);
    const user = this.#checkPassword(grant);
    const family = this.context.registry.newFamily();
    if (user.passcode === undefined && user.totpSecret === undefined) return json(200, this.#issuePair(user, family));
    const claims = { ...userClaims(user), user_scope: "mfa_required", mfa_vendor: "google", mfa_type: "authenticator" };
    const { token } = this.context.registry.issue(uidOf(user), family, claims, this.context.options.mfaTokenTtlSeconds);
    return json(200, { token });
  }

  async #mfa(grant: Grant): Promise<MockResponse> {
    this.#checkClient(grant);
    const user = this.#checkPassword(grant);
    const { registry } = this.context;
    const claims = await registry.verify(grant.access_token ?? "").catch(() => undefined);
    if (claims === undefined || claims.user_scope !== "mfa_required" || claims.sub !== uidOf(user) || !registry.usable(String(claims.jti))) {
      return error(401, "The MFA token is invalid, expired or already used");
    }
    if (grant.mfa_vendor !== claims.mfa_vendor || grant.mfa_type !== claims.mfa_type || grant.ns_id_type !== "subscriber") {
      return error(400, "mfa_vendor, mfa_type and ns_id_type must match the MFA token");
    }
    const now = this.context.now();
    const valid = user.passcode !== undefined ? grant.passcode === user.passcode : verifyTotp(user.totpSecret ?? "", grant.passcode ?? "", now);
    if (!valid) return error(401, "Invalid passcode");
    registry.revoke(String(claims.jti));
    return json(200, this.#issuePair(user, registry.familyOf(String(claims.jti))));
  }

  async #refresh(refresh: string): Promise<MockResponse> {
    const { registry } = this.context;
    const claims = await registry.verify(refresh).catch(() => undefined);
    const jti = String(claims?.jti);
    if (claims !== undefined && claims.token_use === "refresh" && registry.spent(jti)) {
      this.context.onRefreshReuse();
      if (this.context.options.revokeFamilyOnRefreshReuse) registry.revokeFamily(registry.familyOf(jti));
    }
    if (claims === undefined || claims.token_use !== "refresh" || !registry.usable(jti)) {
      return error(401, "The refresh JWT is invalid, expired, revoked or already used");
    }
    registry.spend(jti); // the server rotates refresh JWTs
    const user = this.context.users.get(String(claims.sub));
    if (user === undefined) return error(404, "The user no longer exists");
    return json(200, this.#issuePair(user, registry.familyOf(jti)));
  }

  #delegation(apiKey: string | undefined, grant: Grant): MockResponse {
    if (apiKey === undefined || !this.context.apiKeys.has(apiKey)) return error(401, "Delegated access requires a valid API key");
    const user = this.context.users.get(`${grant.user}@${grant.domain}`);
    if (user === undefined) return error(404, `User ${grant.user} does not exist in domain ${grant.domain}`);
    return json(200, this.#issuePair(user, this.context.registry.newFamily()));
  }

  #issuePair(user: MockUser, family: number): { token: string; refresh?: string } {
    const { options, registry } = this.context;
    const ttl = options.tokenTtlSeconds;
    const uid = uidOf(user);
    const claims = { ...userClaims(user), user_scope: user.scope ?? "Basic User", time_out: ttl * 1000, apiversion: "Version: 44.4 (mock)" };
    const access = registry.issue(uid, family, claims, ttl);
    if (!options.issueRefreshTokens) return { token: access.token };
    const refresh = registry.issue(uid, family, { sub: uid, token_use: "refresh" }, options.refreshTtlSeconds);
    return { token: access.token, refresh: refresh.token };
  }
}

function userClaims(user: MockUser): Record<string, unknown> {
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
  };
}
