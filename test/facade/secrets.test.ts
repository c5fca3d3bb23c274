// Runs flows that fail in every way with sentinel secrets, and scans everything a user could log.
import { inspect } from "node:util";
import { describe, expect, it } from "@jest/globals";
import { createMemoryTokenStore, NsAuth } from "../../src/index.js";
import { json, recordingFetch } from "../support/recording-fetch.js";
import { SECRETS, fakeJwt } from "../support/tokens.js";

const accessToken = fakeJwt({ sub: "SENTINEL-access@example.com" });
const refreshToken = fakeJwt({ token_use: "SENTINEL-refresh" });
const mfaToken = fakeJwt({ user_scope: "mfa_required" });
const sentinels = [SECRETS.clientSecret, SECRETS.password, SECRETS.apiKey, accessToken, refreshToken, mfaToken, "SENTINEL"];

/** A server that echoes every secret it received in its error messages. */
function echoingServer(status: number) {
  return recordingFetch((sent) => json(status, { code: status, message: `rejected ${sent.body ?? ""} ${sent.headers.authorization ?? ""}` }));
}

function outputsOf(value: unknown): string[] {
  return [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ""];
}

describe("no secret in errors, JSON or inspect output", () => {
  it("scans every error and object produced", async () => {
    const outputs: string[] = [];
    for (const status of [400, 401, 403, 404, 429, 500]) {
      const auth = new NsAuth({
        server: "pbx.example.com",
        clientId: "c",
        clientSecret: SECRETS.clientSecret,
        apiKey: SECRETS.apiKey,
        fetch: echoingServer(status),
        retry: false,
        store: createMemoryTokenStore({ token: accessToken, refresh: refreshToken }),
      });
      const failures = [
        auth.login({ username: "1000@example.com", password: SECRETS.password }),
        auth.delegate({ user: "1000", domain: "example.com" }),
        auth.claims(),
        auth.revokeToken("109832ae46e3ec69b4d57e2398eafe8b034b312c"),
      ];
      for (const failure of failures) {
        const error = await failure.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Error);
        outputs.push(...outputsOf(error), (error as Error).message);
      }
      outputs.push(...outputsOf(auth));
    }

    const mfaAuth = new NsAuth({
      server: "pbx.example.com",
      clientId: "c",
      clientSecret: SECRETS.clientSecret,
      fetch: recordingFetch((_s, i) => (i === 0 ? json(200, { token: mfaToken }) : json(401, { code: 401, message: `bad ${SECRETS.password}` }))),
    });
    const challenge = await mfaAuth.login({ username: "1002@portal", password: SECRETS.password });
    outputs.push(...outputsOf(challenge));
    if (challenge.status === "mfa_required") outputs.push(...outputsOf(await challenge.complete("123456").catch((e: unknown) => e)));

    for (const bad of [{ apiKey: `${SECRETS.apiKey}\r\n` }, { clientSecret: "" }]) {
      try {
        new NsAuth({ server: "pbx.example.com", ...bad });
      } catch (error) {
        outputs.push(...outputsOf(error));
      }
    }

    expect(outputs.length).toBeGreaterThan(50);
    const leaks = outputs.filter((text) => sentinels.some((secret) => text.includes(secret)));
    expect(leaks).toEqual([]);
  });

  it("the echoing server really echoes (the scan above would catch a leak)", async () => {
    const fetch = echoingServer(401);
    const response = await fetch("https://x.test/jwt", { method: "POST", body: SECRETS.password });
    expect(await response.text()).toContain(SECRETS.password);
  });
});
