// A fetch that records what it is asked to send and answers from a script: every wire assertion uses it.

export interface SentRequest {
  /** The request's abort signal, so scripted servers can hang until it fires. */
  signal: AbortSignal;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Responder = (request: SentRequest, index: number) => Response | Promise<Response>;

export interface RecordingFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly requests: SentRequest[];
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function recordingFetch(responder: Responder = () => json(200, {})): RecordingFetch {
  const requests: SentRequest[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = request.body === null ? undefined : await request.text();
    const sent: SentRequest = {
      signal: request.signal,
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: text,
    };
    requests.push(sent);
    return responder(sent, requests.length - 1);
  };
  return Object.assign(fetch, { requests });
}
