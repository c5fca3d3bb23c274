import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../generated/api.js";
import { resolveBaseUrl, type BaseUrlOptions, type ServerLocation } from "./base-url.js";
import { serializePath } from "./path-serializer.js";

/** The typed openapi-fetch client for the JWT endpoints. */
export type NsApiClient = Client<paths>;

/** Options of `createNsApiClient`: where the API lives, openapi-fetch's own client options, and the fetch to use. */
export type NsApiClientOptions = ServerLocation &
  BaseUrlOptions &
  Omit<ClientOptions, "baseUrl" | "pathSerializer"> & {
    /** The fetch to send requests with; the global `fetch` by default. */
    fetch?: (request: Request) => Promise<Response>;
  };

/**
 * Creates an openapi-fetch client typed by the spec. Give `server` (a NetSapiens host name, giving
 * `https://{server}/ns-api/v2`) or an explicit `baseUrl`.
 */
export function createNsApiClient(options: NsApiClientOptions): NsApiClient {
  const { server, baseUrl, allowInsecureHttp, ...clientOptions } = options;
  const resolved = resolveBaseUrl({ server, baseUrl } as Partial<ServerLocation>, { allowInsecureHttp });
  return createClient<paths>({ ...clientOptions, baseUrl: resolved, pathSerializer: serializePath });
}
