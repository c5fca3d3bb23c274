// The mock signs its tokens with a hand-built HMAC (key pads and the header written once, a view of its
// buffer per signing-input length): every path it takes must give node's own HMAC-SHA256 to the byte.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import { claimsJson, TokenSigner } from "../../src/mock/tokens.js";

const NOW = Date.UTC(2026, 5, 1, 12);

function checkSignature(token: string, secret: string): void {
  const dot = token.lastIndexOf(".");
  expect(token.slice(dot + 1)).toBe(createHmac("sha256", secret).update(token.slice(0, dot)).digest("base64url"));
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("TokenSigner", () => {
  it.each([
    ["a short key (the reused pads)", "short-secret"],
    ["a 64-byte key (the longest the pads take)", "k".repeat(64)],
    ["a key longer than a block (node's HMAC)", "k".repeat(65)],
  ])("signs as HMAC-SHA256 with %s, for signing inputs of many lengths", async (_name, secret) => {
    const signer = new TokenSigner(secret, "netsapiens.test");
    const tokens = [];
    // Claims of growing size: every length gets its own view of the buffer, and the last is longer than the buffer.
    for (const size of [0, 1, 2, 3, 10, 100, 1_000, 9_000]) {
      const claims = claimsJson({ sub: "1000@example.com", note: "é".repeat(size) });
      const { token, jti, exp } = signer.sign(claims, NOW, 60);
      checkSignature(token, secret);
      expect(payloadOf(token)).toEqual({ aud: "ns", iss: "netsapiens.test", jti, iat: NOW / 1000, exp, sub: "1000@example.com", note: "é".repeat(size) });
      tokens.push(token);
    }
    // Signed again after the longer ones: a shorter input in the same buffer still signs only itself.
    const again = signer.sign(claimsJson({ sub: "1000@example.com" }), NOW, 60);
    checkSignature(again.token, secret);
    // And jose, which the mock verifies with, accepts each.
    for (const token of [...tokens, again.token]) await expect(Promise.resolve(signer.verify(token, NOW))).resolves.toMatchObject({ aud: "ns" });
  });

  it("draws a new 40-hex JWT ID for every token, across refills of its random pool", () => {
    const signer = new TokenSigner("s", "netsapiens.test");
    const claims = claimsJson({ sub: "1000@example.com" });
    // 4 kB of randomness gives 204 IDs: 1,000 tokens refill the pool four times.
    const ids = Array.from({ length: 1_000 }, () => signer.sign(claims, NOW, 60).jti);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
