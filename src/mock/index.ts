/**
 * A NetSapiens JWT API for tests and demos, in-process or over HTTP. Node only; never loaded by the client entry.
 * @module ns-api-jwt/mock
 */
import { listen, MockListenError, type ListeningMock } from "./http-server.js";
import { MockNetSapiens, type MockServerOptions } from "./mock-server.js";

export { DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, type MockUser } from "./defaults.js";
export type { CorsOptions } from "./cors.js";
export type { Fault, RouteKey } from "./faults.js";
export { DroppedConnection, MockNetSapiens, type GrantKind, type MockRequestRecord, type MockServerOptions } from "./mock-server.js";
export type { CustomRouteKey, MockRouteHandler, MockRouteOptions, MockRouteRequest, MockRouteResult } from "./routes.js";
export { totp } from "./totp.js";
export { listen, MockListenError, type ListeningMock };

/** Creates a mock; use `mock.fetch` in-process, or `await listen(mock)` for HTTP. */
export function createMockServer(options: MockServerOptions = {}): MockNetSapiens {
  return new MockNetSapiens(options);
}

/** Creates a mock and serves it over HTTP on a free loopback port. */
export async function startMockServer(
  options: MockServerOptions & { port?: number; host?: string } = {},
): Promise<ListeningMock & { mock: MockNetSapiens }> {
  const { port, host, ...mockOptions } = options;
  const mock = new MockNetSapiens(mockOptions);
  const listening = await listen(mock, { ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) });
  return Object.assign(listening, { mock });
}
