import type { CallOptions } from "../deadline.js";
import { AuthenticationError, BadRequestError, PermissionDeniedError, SessionExpiredError, ValidationError } from "../errors.js";
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
export class Grants {
  readonly #options: GrantsOptions;
  /** The delegation the current session came from: it is renewed by delegating again. */
  delegatedAs: DelegationGrant | undefined;

  constructor(options: GrantsOptions) {
    this.#options = options;
  }

  /** `POST /jwt`, sent exactly once, never retried: it carries credentials or a single-use passcode. */
  async issue(body: TokenRequest, authorization: string | undefined, options: CallOptions, secrets: string[] = []): Promise<SessionTokens> {
    const result = await this.#options.calls.call(ISSUE_TOKEN, { path: undefined, body }, authorization, options, secrets);
    return parseTokenPair(result.data, result.response.status);
  }

  clientCredentials(): { client_id: string; client_secret: string } {
    const { clientId, clientSecret } = this.#options;
    if (clientId === undefined || clientSecret === undefined) throw new ValidationError("and clientSecret are needed to log in.", "clientId");
    return { client_id: clientId, client_secret: clientSecret };
  }

  apiKeyHeader(): string {
    if (this.#options.apiKey === undefined) throw new ValidationError("is needed to delegate.", "apiKey");
    return `Bearer ${this.#options.apiKey}`;
  }

  /** Renews an expired or refused session; called by the TokenKeeper, once for any number of callers. */
  async renew(expired: SessionTokens): Promise<SessionTokens> {
    let refused: Error | undefined;
    if (expired.refresh !== undefined) {
      try {
        return await this.issue({ refresh: expired.refresh }, undefined, {});
      } catch (error) {
        if (!REFUSED.some((type) => error instanceof type)) throw error;
        refused = error as Error;
      }
    }
    const { apiKey, reauthenticate } = this.#options;
    if (this.delegatedAs !== undefined && apiKey !== undefined) return this.issue(this.delegatedAs, this.apiKeyHeader(), {});
    if (reauthenticate !== undefined) return requireTokens(await reauthenticate());
    await this.#options.clear();
    throw new SessionExpiredError(
      refused === undefined
        ? "Session expired; no refresh JWT (NetSapiens < 44.3) and no reauthenticate hook: log in again."
        : `Refresh JWT refused (${refused.message}): log in again.`,
      { cause: refused, status: (refused as { status?: number } | undefined)?.status },
    );
  }
}
