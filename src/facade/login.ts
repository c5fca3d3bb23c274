import { decodeClaims } from "../decode-claims.js";
import type { CallOptions } from "../deadline.js";
import type { SessionTokens } from "../token-store.js";
import type { Claims, NamedClaims } from "../types.js";
import { requirePasscode, requireText } from "../validate.js";
import type { Grants } from "./grants.js";

/** A logged-in session. The tokens stay inside the facade; this holds what is safe to show. */
export interface Authenticated {
  readonly status: "authenticated";
  /** The token's claims, decoded locally and NOT verified. */
  readonly claims: Claims;
  readonly expiresAt: Date | undefined;
  /** Whether the server issued a refresh JWT (NetSapiens 44.3 and later). */
  readonly canRefresh: boolean;
}

/**
 * The account needs a second factor: call `complete` with the 6-digit passcode. Until then nothing is
 * stored and no call is authenticated.
 */
export interface MfaChallenge {
  readonly status: "mfa_required";
  readonly username: string;
  readonly mfaVendor: string;
  readonly mfaType: string;
  /** Sends the MFA grant with this passcode (six digits); the session starts when it is accepted. */
  complete(passcode: string, options?: CallOptions): Promise<Authenticated>;
}

/** What `login` resolves to: a session, or an MFA challenge to complete first (check `status`). */
export type LoginResult = Authenticated | MfaChallenge;

/** A NetSapiens user's login: `username` as `user@domain`, and the password. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * The password grant, and the MFA grant when the server answers with an `mfa_required` token. `adopt`
 * starts the session from the pair the server issued.
 */
export async function login(
  grants: Grants,
  credentials: Credentials,
  options: CallOptions,
  adopt: (tokens: SessionTokens) => Promise<Authenticated>,
): Promise<LoginResult> {
  const username = requireText(credentials?.username, "username");
  const password = requireText(credentials?.password, "password");
  const client = grants.clientCredentials();
  const tokens = await grants.issue({ grant_type: "password", ...client, username, password }, undefined, options, [password]);
  // Read through NamedClaims: a claim renamed in the spec is a compile error here, not a silent undefined.
  const claims: NamedClaims = decodeClaims(tokens.token);
  if (claims.user_scope !== "mfa_required") return adopt(tokens);

  const access_token = tokens.token;
  const mfaVendor = typeof claims.mfa_vendor === "string" ? claims.mfa_vendor : "google";
  const mfaType = typeof claims.mfa_type === "string" ? claims.mfa_type : "authenticator";
  return {
    status: "mfa_required",
    username,
    mfaVendor,
    mfaType,
    complete: async (passcode, callOptions = {}) => {
      const grant = {
        grant_type: "mfa" as const,
        ...client,
        username,
        password,
        mfa_vendor: mfaVendor,
        mfa_type: mfaType,
        ns_id_type: "subscriber" as const,
        passcode: requirePasscode(passcode, "passcode"),
        access_token,
      };
      return adopt(await grants.issue(grant, undefined, callOptions, [password, access_token]));
    },
  };
}
