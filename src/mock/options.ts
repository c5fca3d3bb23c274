import type { CorsOptions } from "./cors.js";
import type { MockUser } from "./defaults.js";

/** Options of the mock: its users, clients and API keys, signing secret, clock, token lifetimes, CORS and strictness. */
export interface MockServerOptions {
  /** Users who can log in; the seeded DEFAULT_USERS when omitted. */
  users?: readonly MockUser[];
  /** OAuth clients accepted by the password and MFA grants. */
  clients?: ReadonlyArray<{ clientId: string; clientSecret: string }>;
  /** API keys allowed to delegate. */
  apiKeys?: readonly string[];
  /** The HS256 signing secret; random per server when omitted. */
  secret?: string;
  /** The `iss` claim. */
  issuer?: string;
  /** The clock, in epoch ms. */
  now?: () => number;
  /** Access-token lifetime; NetSapiens' default is 24 h. */
  tokenTtlSeconds?: number;
  /** Lifetime of the pre-MFA token. */
  mfaTokenTtlSeconds?: number;
  /** Refresh-JWT lifetime. */
  refreshTtlSeconds?: number;
  /** Issue refresh JWTs (NetSapiens 44.3+); false behaves like an older server. */
  issueRefreshTokens?: boolean;
  /**
   * When a refresh JWT that was already traded is presented again, revoke every token descended from the
   * same login (the whole rotation chain), as Auth0's reuse detection does. NetSapiens' behaviour is not
   * documented; off by default, so a reuse is refused and nothing else changes.
   */
  revokeFamilyOnRefreshReuse?: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /**
   * Refuse (400) a header parameter that breaks the spec (an `X-NetSapiens-Log` over 128 characters or not
   * printable ASCII), as a strict server does. Default true; false ignores them, as a lenient server may:
   * NetSapiens does not document which it is. Request bodies are always checked.
   */
  strict?: boolean;
  /** Cross-origin access for browser apps: any origin by default; see {@link CorsOptions}. */
  cors?: CorsOptions;
}

/** The options with their defaults filled in (the collections and the clock are kept apart). */
export type ResolvedOptions = Required<Omit<MockServerOptions, "users" | "clients" | "apiKeys" | "secret" | "now" | "cors">>;

export function resolveOptions(options: MockServerOptions): ResolvedOptions {
  return {
    issuer: options.issuer ?? "netsapiens.test",
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    mfaTokenTtlSeconds: options.mfaTokenTtlSeconds ?? 300,
    refreshTtlSeconds: options.refreshTtlSeconds ?? 30 * 86_400,
    issueRefreshTokens: options.issueRefreshTokens ?? true,
    revokeFamilyOnRefreshReuse: options.revokeFamilyOnRefreshReuse ?? false,
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    strict: options.strict ?? true,
  };
}
