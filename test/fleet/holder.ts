// A fleet member that takes the renewal lock and is killed before its refresh is answered: it loads
// the session from Redis alone (no login), starts a refresh whose request never returns, and says so.
import { createClient } from "redis";
import { NsAuth } from "../../src/index.js";
import { createRedisTokenStore } from "../../src/redis/index.js";

const [url = "", key = "", lockTtlMs = "10000"] = process.argv.slice(2);
const client = await createClient({ url }).connect();
const store = createRedisTokenStore({ client, key, lockTtlMs: Number(lockTtlMs) });
const hang = (): Promise<Response> => {
  process.send?.("refreshing");
  return new Promise(() => undefined);
};
const auth = new NsAuth({ baseUrl: "https://pbx.example.com/ns-api/v2", fetch: hang, store });
await auth.refresh({ timeoutMs: 60_000 });
