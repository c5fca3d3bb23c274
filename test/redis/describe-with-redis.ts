// Where redis-server is missing the Redis suites are skipped with one line, unless NS_REQUIRE_REDIS=1
// (.ci/run sets it) makes that a failure.
import { describe, it } from "@jest/globals";
import { hasRedisServer } from "./redis-server.js";

/** `describe`, when redis-server exists; otherwise skipped (or failed under NS_REQUIRE_REDIS=1). */
export function describeWithRedis(name: string, body: () => void, announce = false): void {
  if (hasRedisServer) return describe(name, body);
  if (process.env.NS_REQUIRE_REDIS === "1") {
    return describe(name, () => it("needs redis-server (NS_REQUIRE_REDIS=1)", () => {
      throw new Error("redis-server is not installed: apt-get install -y redis-server");
    }));
  }
  if (announce) process.stdout.write("redis-server not found: the Redis suites (test/redis, test/fleet) are skipped.\n");
  describe.skip(name, body);
}

