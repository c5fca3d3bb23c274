// The mock as a `fetch`, for a client in the same process: a web Request in, a web Response out, and the
// mock's own plain request and response objects in between (as listen() does with node:http's).
import type { MockRequest, MockResponse } from "./exchange.js";

export function inProcessFetch(handle: (request: MockRequest) => Promise<MockResponse>) {
  return async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const answer = await handle({
      method: request.method,
      pathname: url.pathname,
      search: url.search,
      header: (name) => request.headers.get(name) ?? undefined,
      text: () => request.text(),
      signal: request.signal,
    });
    // A 204 (a preflight's or a custom route's answer) must have a null body, or the Response constructor throws.
    const body = answer.body === "" || answer.status === 204 || answer.status === 304 ? null : answer.body;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}
