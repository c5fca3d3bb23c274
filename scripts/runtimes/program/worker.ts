// Entry for workerd (a Cloudflare Worker run by Miniflare): POST the config, get the outcome as JSON.
import { runFlows, type MatrixConfig } from "./flows.js";

export default {
  async fetch(request: Request): Promise<Response> {
    const config = (await request.json()) as MatrixConfig;
    return Response.json(await runFlows(config));
  },
};
