// The clients compared end to end, each doing the same two calls against the same server.
import axios from "axios";
import createClient from "openapi-fetch";
import { Agent, request } from "undici";
import type { paths } from "../../generated/api.js";
import { createMemoryTokenStore, NsAuth } from "../../src/index.js";
import { DEFAULT_CLIENT } from "../../src/mock/index.js";
import { GRANT, USER } from "./fixtures.js";

export interface BenchClient {
  name: string;
  claims(): Promise<unknown>;
  login(): Promise<unknown>;
}

const JSON_HEADERS = { "Content-Type": "application/json" };

export async function createClients(baseUrl: string): Promise<BenchClient[]> {
  const login = await fetch(`${baseUrl}/jwt`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(GRANT) });
  const { token } = (await login.json()) as { token: string };
  const bearer = { Authorization: `Bearer ${token}` };

  const api = createClient<paths>({ baseUrl });
  const auth = new NsAuth({ baseUrl, ...DEFAULT_CLIENT, store: createMemoryTokenStore({ token }) });
  const loginAuth = new NsAuth({ baseUrl, ...DEFAULT_CLIENT });
  const http = axios.create({ baseURL: baseUrl });
  const dispatcher = new Agent({ connections: 128 });

  return [
    {
      name: "fetch",
      claims: async () => (await fetch(`${baseUrl}/jwt`, { headers: bearer })).json(),
      login: async () => (await fetch(`${baseUrl}/jwt`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(GRANT) })).json(),
    },
    {
      name: "fetch(new Request)",
      claims: async () => (await fetch(new Request(`${baseUrl}/jwt`, { headers: bearer }))).json(),
      login: async () =>
        (await fetch(new Request(`${baseUrl}/jwt`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(GRANT) }))).json(),
    },
    {
      name: "undici.request",
      claims: async () => (await request(`${baseUrl}/jwt`, { headers: bearer, dispatcher })).body.json(),
      login: async () =>
        (await request(`${baseUrl}/jwt`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(GRANT), dispatcher })).body.json(),
    },
    {
      name: "openapi-fetch",
      claims: async () => (await api.GET("/jwt", { headers: bearer })).data,
      login: async () => (await api.POST("/jwt", { body: GRANT })).data,
    },
    { name: "facade (NsAuth)", claims: () => auth.claims(), login: () => loginAuth.login(USER) },
    // The session fetch: GET /jwt as any other endpoint would be called, read as JSON.
    { name: "auth.fetch", claims: async () => (await auth.fetch("/jwt")).json(), login: () => loginAuth.login(USER) },
    {
      name: "axios",
      claims: async () => (await http.get("/jwt", { headers: bearer })).data,
      login: async () => (await http.post("/jwt", GRANT)).data,
    },
  ];
}
