const JWT_LIKE = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g;

/**
 * Builds a function that blanks out the given secrets, and anything shaped like a JWT, from text
 * that came from elsewhere (a server's error message may echo what it was sent).
 */
export function redactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  return (text) => {
    let out = text.replace(JWT_LIKE, "[redacted]");
    for (const secret of known) out = out.split(secret).join("[redacted]");
    return out;
  };
}
