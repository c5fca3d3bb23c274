// `ns-api-jwt mock` as a test rig sees it: lifetimes from flags, and a --log that names each grant.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { cli, startMock, tempHome, type RunningMock } from "./support/built-cli.js";

let mock: RunningMock;
const home = tempHome();

beforeAll(async () => {
  mock = await startMock(["--token-ttl", "3", "--refresh-ttl", "40"]);
}, 30_000);

afterAll(async () => {
  await mock.stop();
  home.remove();
});

const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };

describe("mock --token-ttl and --log", () => {
  it("issues tokens with the lifetimes asked for; an expired token is renewed, and the log tells the grants apart", async () => {
    const user = mock.info.users.find((u) => u.username === "1000@example.com")!;
    const env = { ...home.env, NS_CLIENT_ID: mock.info.clientId, NS_CLIENT_SECRET: mock.info.clientSecret, NS_PASSWORD: user.password };
    expect((await cli(["login", "--base-url", mock.info.baseUrl, "--username", user.username], { env })).code).toBe(0);
    const session = JSON.parse(readFileSync(home.sessionFile, "utf8")) as { token: string; refresh: string };
    expect(payload(session.token).exp - payload(session.token).iat).toBe(3);
    expect(payload(session.refresh).exp - payload(session.refresh).iat).toBe(40);
    await new Promise((wake) => setTimeout(wake, 3_100)); // 3 s tokens: a renewed one outlives a loaded machine's call
    expect((await cli(["claims"], { env: home.env })).code).toBe(0); // expired: renewed first with the refresh JWT
    await mock.waitFor(/^GET \/jwt 200$/);
    expect(mock.requests().filter((line) => line.startsWith("POST "))).toEqual(["POST /jwt password 200", "POST /jwt refresh 200"]);
  }, 20_000);

  it("logs a preflight as a preflight, with its time and duration", async () => {
    await fetch(`${mock.info.baseUrl}/jwt`, { method: "OPTIONS", headers: { Origin: "http://app.test", "Access-Control-Request-Method": "POST" } });
    await mock.waitFor(/^OPTIONS \/jwt preflight 204$/);
  });

  it("refuses a lifetime that is not a whole number of seconds, before listening", async () => {
    const result = await cli(["mock", "--token-ttl", "1.5"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain("--token-ttl must be a whole number of seconds");
  });
});
