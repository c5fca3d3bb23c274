import { specRoute } from "../typed/spec-types.js";

// The facade's four calls, each checked against the spec's `paths`: path, method and success status.
export const ISSUE_TOKEN = specRoute("/jwt", "post", 200);
export const READ_TOKEN = specRoute("/jwt", "get", 200);
export const REVOKE_CURRENT = specRoute("/jwt", "delete", 202);
export const REVOKE_BY_ID = specRoute("/jwt/{id}", "delete", 202);
