export { createNsApiClient, type NsApiClient, type NsApiClientOptions } from "./client.js";
export { resolveBaseUrl, type BaseUrlOptions, type ServerLocation } from "./base-url.js";
export { encodePathSegment } from "./path-serializer.js";
export * from "./errors.js";
export type * from "./types.js";
