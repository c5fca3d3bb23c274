// The mock reads `Authorization: Bearer <credential>` by hand (a regex over a ~600-character JWT cost more
// than the rest of the bearer check). Its rule is the one the regex below states, for every header value a
// request can carry (a byte string): the same credential, or none, for each.
import { describe, expect, it } from "@jest/globals";
import { bearerOf } from "../../src/mock/bearer.js";
import type { MockRequest } from "../../src/mock/exchange.js";

const RULE = /^Bearer\s+(\S+)$/i;

function requestWith(authorization: string | undefined): MockRequest {
  return {
    method: "GET",
    pathname: "/ns-api/v2/jwt",
    header: (name) => (name.toLowerCase() === "authorization" ? authorization : undefined),
    text: async () => "",
  };
}

// Every character \s matches in a byte string, a few it does not, and the ones a JWT is made of.
const SPACES = ["\t", "\n", "\v", "\f", "\r", " ", "\xa0"];
const OTHERS = ["\x00", "\x1f", "\x85", "\xff", "=", ".", "-", "_", "a", "Z", "9"];

describe("bearerOf", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc", "abc"],
    ["BEARER \t abc", "abc"],
    ["Bearer\xa0abc", "abc"],
    ["Bearer abc def", undefined],
    ["Bearer abc ", undefined],
    ["Bearer ", undefined],
    ["Bearer", undefined],
    ["Bearerabc", undefined],
    ["Basic abc", undefined],
    [" Bearer abc", undefined],
    ["", undefined],
  ])("reads %j as %j", (value, credential) => {
    expect(bearerOf(requestWith(value))).toBe(credential);
    expect(RULE.exec(value)?.[1]).toBe(credential);
  });

  it("reads no credential without the header", () => {
    expect(bearerOf(requestWith(undefined))).toBeUndefined();
  });

  it("agrees with the rule for every space or other character at the start, inside and at the end of a JWT", () => {
    const jwt = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${"x".repeat(600)}.c2lnbmF0dXJl`;
    let cases = 0;
    for (const character of [...SPACES, ...OTHERS]) {
      for (const at of [0, 1, 37, 300, jwt.length - 1, jwt.length]) {
        for (const separator of [" ", "\t", "  ", "\xa0", ""]) {
          const value = `Bearer${separator}${jwt.slice(0, at)}${character}${jwt.slice(at)}`;
          expect([value, bearerOf(requestWith(value))]).toEqual([value, RULE.exec(value)?.[1]]);
          cases += 1;
        }
      }
    }
    expect(cases).toBe(540);
  });
});
