// Tokens at rest: AES-256-GCM through WebCrypto, with the Redis key as additional data, so a value
// copied under another session's key does not decrypt. Whoever reads a plain value acts as that user.
import { webcrypto } from "node:crypto";
import { TokenStoreError, ValidationError, type SessionTokens } from "../index.js";

const subtle = webcrypto.subtle;
const PREFIX = "aesgcm1.";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Turns tokens into the string kept in Redis and back. */
export interface PairCodec {
  encode(tokens: SessionTokens): Promise<string>;
  decode(stored: string): Promise<SessionTokens>;
}

function parsePair(text: string): SessionTokens {
  const value = JSON.parse(text) as { token?: unknown; refresh?: unknown };
  if (typeof value.token !== "string" || (value.refresh !== undefined && typeof value.refresh !== "string")) throw new Error("not a token pair");
  return value.refresh === undefined ? { token: value.token } : { token: value.token, refresh: value.refresh };
}

const plainCodec: PairCodec = {
  encode: async (tokens) => JSON.stringify({ token: tokens.token, refresh: tokens.refresh }),
  decode: async (stored) => {
    if (stored.startsWith(PREFIX)) throw new TokenStoreError("The stored session is encrypted: give the store its encryptionKey.");
    return parsePair(stored);
  },
};

/** A codec for the key: 32 raw bytes, or an AES-GCM CryptoKey. Without a key, tokens are stored as JSON. */
export function pairCodec(key: Uint8Array | CryptoKey | undefined, additionalData: string): PairCodec {
  if (key === undefined) return plainCodec;
  if (key instanceof Uint8Array && key.byteLength !== 32) throw new ValidationError("must be 32 bytes (AES-256).", "encryptionKey");
  if (!(key instanceof Uint8Array) && (key as CryptoKey)?.algorithm?.name !== "AES-GCM") {
    throw new ValidationError("must be 32 bytes or an AES-GCM CryptoKey.", "encryptionKey");
  }
  const cryptoKey = key instanceof Uint8Array ? subtle.importKey("raw", key, "AES-GCM", false, ["encrypt", "decrypt"]) : Promise.resolve(key);
  const aad = encoder.encode(additionalData);
  return {
    async encode(tokens) {
      const iv = webcrypto.getRandomValues(new Uint8Array(12));
      const sealed = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad }, await cryptoKey, encoder.encode(await plainCodec.encode(tokens)));
      return `${PREFIX}${Buffer.from(iv).toString("base64")}.${Buffer.from(sealed).toString("base64")}`;
    },
    async decode(stored) {
      if (!stored.startsWith(PREFIX)) throw new TokenStoreError("The stored session is not encrypted, but the store has an encryptionKey.");
      const [iv = "", sealed = ""] = stored.slice(PREFIX.length).split(".");
      let opened: ArrayBuffer;
      try {
        opened = await subtle.decrypt({ name: "AES-GCM", iv: Buffer.from(iv, "base64"), additionalData: aad }, await cryptoKey, Buffer.from(sealed, "base64"));
      } catch (error) {
        throw new TokenStoreError("The stored session does not decrypt with this encryptionKey (another key, or tampered).", { cause: error });
      }
      return parsePair(decoder.decode(opened));
    },
  };
}

/** A fingerprint of a pair (SHA-256), kept beside it for compare-and-set: it cannot be used as a token. */
export async function fingerprint(tokens: SessionTokens): Promise<string> {
  const digest = await subtle.digest("SHA-256", encoder.encode(`${tokens.token}\n${tokens.refresh ?? ""}`));
  return Buffer.from(digest).toString("base64");
}
