// Types that read method, path, body, success status and response body of an operation out of `paths`
// (generated/api.ts), so a hand-written call that disagrees with the spec does not compile.
import type { paths } from "../../generated/api.js";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type SuccessCode = 200 | 201 | 202 | 203 | 204 | 205 | 206;

/** A path of the spec, such as `/jwt/{id}`. */
export type SpecPath = keyof paths;
/** The methods the spec defines on `P` (a `delete?: never` is not one). */
export type SpecMethod<P extends SpecPath> = {
  [M in HttpMethod & keyof paths[P]]: paths[P][M] extends { responses: object } ? M : never;
}[HttpMethod & keyof paths[P]];
/** The operation object of `M P`. */
export type SpecOperation<P extends SpecPath, M> = M extends keyof paths[P] ? Extract<paths[P][M], { responses: object }> : never;
/** The success statuses the spec declares for an operation. */
export type SuccessStatus<O> = O extends { responses: infer R } ? Extract<keyof R, SuccessCode> : never;
/** The JSON body the spec promises for status `S`, or `undefined` when it declares none. */
export type ResponseBody<O, S> = O extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: { "application/json": infer B } }
      ? B
      : undefined
    : never
  : never;
/** The JSON request body of an operation, or `undefined` when it takes none. */
export type RequestBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : undefined;
/** The path parameters of an operation, or `undefined` when it has none. */
export type PathParams<O> = O extends { parameters: { path: infer P } } ? ([P] extends [never] ? undefined : P) : undefined;

/**
 * One operation of the spec (`O`, from `paths`) and the success status a caller expects from it (`S`).
 * Made by `specRoute`, which checks path, method and status against the spec; `O` types the call's
 * parameters, body and response.
 */
export interface SpecRoute<O, S> {
  readonly path: string;
  /** Upper case, as sent. */
  readonly method: string;
  readonly status: S;
  /** Never set: carries the operation's type. */
  readonly operation?: O;
}

/**
 * Names an operation of the spec and the success status expected from it. A path the spec does not
 * have, a method it does not define there, or a status it does not declare is a compile error.
 */
export function specRoute<P extends SpecPath, M extends SpecMethod<P>, S extends SuccessStatus<SpecOperation<P, M>>>(
  path: P,
  method: M,
  status: S,
): SpecRoute<SpecOperation<P, M>, S> {
  return { path, method: (method as string).toUpperCase(), status };
}
