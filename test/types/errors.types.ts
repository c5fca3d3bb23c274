// Compiled by `npm run typecheck`, never run: each @ts-expect-error must meet a real type error.
// The error classes are nominally distinct to the compiler, `instanceof` narrows, and the options cannot name
// the API's location wrongly.
import {
  AuthenticationError,
  NetworkError,
  NsApiError,
  NsAuth,
  RateLimitError,
  ServerError,
  SessionExpiredError,
  TimeoutError,
  TokenStoreError,
  ValidationError,
} from "../../src/index.js";

export function distinctClasses() {
  // @ts-expect-error a NetworkError is not a TimeoutError (each class has its own literal name)
  const timeout: TimeoutError = new NetworkError("x");
  // @ts-expect-error nor the other way round
  const network: NetworkError = new TimeoutError("x");
  // @ts-expect-error a ServerError is not a RateLimitError
  const limited: RateLimitError = new ServerError("x");
  // @ts-expect-error a TokenStoreError is not a SessionExpiredError
  const expired: SessionExpiredError = new TokenStoreError("x");
  // Every one of them is an NsApiError, and an Error.
  const base: NsApiError = new AuthenticationError("x");
  const error: Error = new ValidationError("x", "field");
  return [timeout, network, limited, expired, base, error];
}

export function literalNames(error: RateLimitError) {
  const name: "RateLimitError" = error.name;
  // @ts-expect-error the name is a literal, not any string
  const other: "ServerError" = error.name;
  return [name, other];
}

export function narrowing(error: unknown): number | string | undefined {
  if (error instanceof RateLimitError) {
    // Typed on the class itself: no cast.
    const wait: number | undefined = error.retryAfterMs;
    const status: number | undefined = error.status;
    return wait ?? status;
  }
  if (error instanceof ValidationError) return error.field;
  if (error instanceof NsApiError) {
    // @ts-expect-error retryAfterMs is a RateLimitError's, not every NsApiError's
    return error.retryAfterMs;
  }
  // @ts-expect-error an unknown is not narrowed without a check
  return error.status;
}

export function retryAfterIsANumber(error: RateLimitError) {
  // @ts-expect-error retryAfterMs is a number of ms, not a string
  const text: string | undefined = error.retryAfterMs;
  return text;
}

export function location() {
  const byServer = new NsAuth({ server: "pbx.example.com" });
  const byBaseUrl = new NsAuth({ baseUrl: "https://pbx.example.com/ns-api/v2" });
  // @ts-expect-error where the API lives is required: server or baseUrl
  const nowhere = new NsAuth({});
  // @ts-expect-error server and baseUrl are exclusive
  const both = new NsAuth({ server: "pbx.example.com", baseUrl: "https://pbx.example.com/ns-api/v2" });
  // @ts-expect-error settings alone do not say where the API lives
  const settingsOnly = new NsAuth({ clientId: "c", clientSecret: "s" });
  return [byServer, byBaseUrl, nowhere, both, settingsOnly];
}
