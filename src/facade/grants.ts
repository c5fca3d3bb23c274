import type { CallOptions } from "../deadline.js";
import { AuthenticationError, BadRequestError, PermissionDeniedError, SessionExpiredError, ValidationError, type NsApiError } from "../errors.js";
import { parseTokenPair } from "../response-shapes.js";
import type { SessionTokens } from "../token-store.js";
import type { DelegationGrant, TokenRequest } from "../types.js";
import { requireTokens } from "../validate.js";
import type { JwtCalls } from "./jwt-calls.js";
import { ISSUE_TOKEN } from "./routes.js";

const REFUSED = [AuthenticationError, BadRequestError, PermissionDeniedError];

export interface GrantsOptions {
  calls: JwtCalls;
  clientId: string | undefined;
  clientSecret: string | undefined;
  apiKey: string | undefined;
  reauthenticate: (() => Promise<SessionTokens>) | undefined;
  /** Ends the session here and in the store. */
  clear: () => Promise<void>;
}

/** `POST /jwt` in each of its grants, and the renewal of a session that expired or was refused. */
export type Grants = ReturnType<typeof createGrants>;

export function createGrants(options: GrantsOptions) {
  const { calls, clientId, clientSecret, apiKey, reauthenticate } = options;
  /** The delegation the current session came from: it is renewed by delegating again. */
  let delegatedAs: DelegationGrant | undefined;

  /** `POST /jwt`, sent exactly once, never retried: it carries credentials or a single-use passcode. */
  async function issue(body: TokenRequest, authorization: string | undefined, callOptions: CallOptions, secrets: string[] = []): Promise<SessionTokens> {
    const result = await calls.call(ISSUE_TOKEN, { path: undefined, body }, authorization, callOptions, secrets);
    return parseTokenPair(result.data, result.response.status);
  }

  function apiKeyHeader(): string {
    if (apiKey === undefined) throw new ValidationError("is needed to delegate.", "apiKey");
    return `Bearer ${apiKey}`;
  }

  return {
    issue,
    apiKeyHeader,
    delegating(grant: DelegationGrant | undefined) {
      delegatedAs = grant;
    },
    clientCredentials(): { client_id: string; client_secret: string } {
      if (clientId === undefined || clientSecret === undefined) throw new ValidationError("and clientSecret are needed to log in.", "clientId");
      return { client_id: clientId, client_secret: clientSecret };
    },
    /** Renews an expired or refused session; called by the TokenKeeper, once for any number of callers. */
    async renew(expired: SessionTokens): Promise<SessionTokens> {
      let refused: NsApiError | undefined;
      if (expired.refresh !== undefined) {
        try {
          return await issue({ refresh: expired.refresh }, undefined, {});
        } catch (error) {
          if (!REFUSED.some((type) => error instanceof type)) throw error;
          refused = error as NsApiError;
        }
      }
      if (delegatedAs !== undefined && apiKey !== undefined) return issue(delegatedAs, apiKeyHeader(), {});
      if (reauthenticate !== undefined) return requireTokens(await reauthenticate());
      await options.clear();
      throw new SessionExpiredError(
        refused === undefined
          ? "Session expired; no refresh JWT (NetSapiens < 44.3) and no reauthenticate hook: log in again."
          : `Refresh JWT refused (${refused.message}): log in again.`,
        { cause: refused, status: refused?.status },
      );
    },
  };
}
