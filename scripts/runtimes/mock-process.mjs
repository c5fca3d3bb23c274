// The mock as its own process, from the installed package: copied into the throwaway project, so
// "ns-api-jwt/mock" resolves to the tarball's build. Options come as the first argument (JSON); the base
// URL and the seeded credentials go to stdout as one line. Stops on SIGTERM or when stdin closes.
import { DEFAULT_API_KEY, DEFAULT_CLIENT, DEFAULT_USERS, startMockServer } from "ns-api-jwt/mock";

const options = JSON.parse(process.argv[2] ?? "{}");
const server = await startMockServer({ ...options, host: "127.0.0.1" });
const uid = (u) => `${u.user}@${u.domain}`;
const manager = DEFAULT_USERS.find((u) => u.scope === "Office Manager" && u.passcode === undefined);
const mfa = DEFAULT_USERS.find((u) => u.passcode !== undefined);
const other = DEFAULT_USERS.find((u) => u !== manager && u !== mfa && u.domain === manager.domain);
const config = {
  baseUrl: server.baseUrl,
  clientId: DEFAULT_CLIENT.clientId,
  clientSecret: DEFAULT_CLIENT.clientSecret,
  apiKey: DEFAULT_API_KEY,
  manager: { username: uid(manager), password: manager.password },
  mfa: { username: uid(mfa), password: mfa.password, passcode: mfa.passcode },
  other: { user: other.user, domain: other.domain },
};
console.log(`MOCK ${JSON.stringify(config)}`);

const stop = () => server.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.stdin.on("end", stop).resume();
