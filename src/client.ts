import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { resolveBaseUrl, type BaseUrlOptions, type ServerLocation } from "./base-url.js";
import { serializePath } from "./path-serializer.js";

/** An openapi-fetch client typed by `Paths`: the JWT endpoints of this package's spec by default. */
export type NsApiClient<Paths extends {} = paths> = Client<Paths>;

/** Options of `createNsApiClient`: where the API lives, openapi-fetch's own client options, and the fetch to use. */
export type NsApiClientOptions = ServerLocation &
  BaseUrlOptions &
  Omit<ClientOptions, "baseUrl" | "pathSerializer"> & {
    /** The fetch to send requests with; the global `fetch` by default. */
    fetch?: (request: Request) => Promise<Response>;
  };

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type AnyCall = (url: string, init?: unknown) => Promise<unknown>;

/**
 * The path to send for a spec key. NetSapiens' OpenAPI export keys variants of one path as
 * `/domains/{domain}/users#1`; openapi-fetch would put the query after the `#`, where it is never sent.
 */
const withoutVariant = (path: string) => {
  const hash = path.indexOf("#");
  return hash === -1 ? path : path.slice(0, hash);
};

/**
 * Makes every method of an openapi-fetch client send `#N` variant keys as their path (the suffix dropped,
 * the query kept), and runs each call through `around` (the authenticated client maps errors there).
 */
export function sendVariantKeys<C>(client: C, around?: (call: () => Promise<unknown>) => Promise<unknown>): C {
  const inner = client as unknown as Record<string, AnyCall> & { request: (method: string, url: string, init?: unknown) => Promise<unknown> };
  const wrapped: Record<string, unknown> = { ...inner };
  const run = around ?? ((call) => call());
  for (const method of METHODS) wrapped[method] = (url: string, init?: unknown) => run(() => inner[method]!(withoutVariant(url), init));
  wrapped.request = (method: string, url: string, init?: unknown) => run(() => inner.request(method, withoutVariant(url), init));
  return wrapped as C;
}

/**
 * Creates an openapi-fetch client typed by `Paths` (this package's JWT spec by default; pass the types
 * you generated from NetSapiens' full export with openapi-typescript to call the whole API). Give
 * `server` (giving `https://{server}/ns-api/v2`) or an explicit `baseUrl`. Path values are encoded one
 * segment each with `@` kept literal, and `#N` variant keys are sent as their path with the query kept.
 */
export function createNsApiClient<Paths extends {} = paths>(options: NsApiClientOptions): NsApiClient<Paths> {
  const { server, baseUrl, allowInsecureHttp, ...clientOptions } = options;
  const resolved = resolveBaseUrl({ server, baseUrl } as Partial<ServerLocation>, { allowInsecureHttp });
  return sendVariantKeys(createClient<Paths>({ ...clientOptions, baseUrl: resolved, pathSerializer: serializePath }));
}
