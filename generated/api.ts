/**
 * GENERATED FILE: do not edit by hand.
 * Source: openapi/ns-api-jwt.yaml, rendered by scripts/generate.mjs (the types by openapi-typescript).
 * Change the spec, then run `npm run generate`; `npm test` fails when this file is stale.
 */

export interface paths {
    "/jwt": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Read the current JWT
         * @description Returns the claims of the JWT sent as the bearer credential, as the server sees them.
         */
        get: operations["readToken"];
        put?: never;
        /**
         * Create a JWT
         * @description Issues a JWT by one of four grants, chosen by the shape of the body:
         *
         *     - **password** — username and password with the application's client credentials. When the
         *       account has multi-factor authentication the returned token carries the scope `mfa_required`
         *       and is good only for the MFA grant.
         *     - **mfa** — the second step of an MFA login: the same credentials, the 6-digit passcode and the
         *       `mfa_required` token as `access_token`.
         *     - **refresh** — a refresh JWT from an earlier response. The server revokes it and returns a new
         *       pair (NetSapiens 44.3 and later).
         *     - **delegation** — an API key, sent as the bearer credential, asks for a token for another user.
         *
         *     The first three need no `Authorization` header; delegation needs the API key.
         */
        post: operations["createToken"];
        /**
         * Revoke the current JWT
         * @description Revokes the JWT sent as the bearer credential; the server refuses it from then on.
         */
        delete: operations["revokeCurrentToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jwt/{id}": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a JWT by ID, or all of a user's JWTs
         * @description With a JWT ID (the `jti` claim, 40 lowercase hexadecimal characters) revokes that one token
         *     (NetSapiens `revokeJWTbyJti`). With a uid (`user@domain`) revokes every token of that user
         *     (NetSapiens `revokeJWTbyUid`). The two shapes cannot overlap: a JWT ID has no `@`.
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The body of `POST /jwt`; exactly one of the four grants. */
        TokenRequest: components["schemas"]["PasswordGrant"] | components["schemas"]["MfaGrant"] | components["schemas"]["RefreshGrant"] | components["schemas"]["DelegationGrant"];
        /**
         * @description Log in with a username and password. NetSapiens documents this as `jwtPost`.
         * @example {
         *       "grant_type": "password",
         *       "client_id": "example-client",
         *       "client_secret": "example-client-secret",
         *       "username": "1000@example.com",
         *       "password": "correct horse battery staple"
         *     }
         */
        PasswordGrant: {
            /**
             * @description Selects the password grant.
             * @constant
             */
            grant_type: "password";
            client_id: components["schemas"]["ClientId"];
            client_secret: components["schemas"]["ClientSecret"];
            username: components["schemas"]["Username"];
            password: components["schemas"]["Password"];
        };
        /**
         * @description The second step of an MFA login. Send it after a password grant returned a token whose
         *     `user_scope` is `mfa_required`. NetSapiens documents this as `jwt2Post`.
         * @example {
         *       "grant_type": "mfa",
         *       "client_id": "example-client",
         *       "client_secret": "example-client-secret",
         *       "username": "1002@portal",
         *       "password": "correct horse battery staple",
         *       "mfa_vendor": "google",
         *       "mfa_type": "authenticator",
         *       "ns_id_type": "subscriber",
         *       "passcode": "371706",
         *       "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAyQHBvcnRhbCIsInVzZXJfc2NvcGUiOiJtZmFfcmVxdWlyZWQifQ.c2lnbmF0dXJl"
         *     }
         */
        MfaGrant: {
            /**
             * @description Selects the MFA grant.
             * @constant
             */
            grant_type: "mfa";
            client_id: components["schemas"]["ClientId"];
            client_secret: components["schemas"]["ClientSecret"];
            username: components["schemas"]["Username"];
            password: components["schemas"]["Password"];
            /**
             * @description The kind of second factor, copied from the `mfa_type` claim of the `mfa_required` token.
             * @example authenticator
             */
            mfa_type: string;
            /**
             * @description Who provides the second factor, copied from the `mfa_vendor` claim of the `mfa_required` token.
             * @example google
             */
            mfa_vendor: string;
            /**
             * @description Which MFA registration to check; `subscriber` is the API and portal user's authenticator.
             * @enum {string}
             */
            ns_id_type: "subscriber" | "level1";
            /**
             * @description The 6-digit code shown by the authenticator app.
             * @example 371706
             */
            passcode: string;
            access_token: components["schemas"]["Jwt"];
        };
        /**
         * @description Trade a refresh JWT for a new token pair. The server revokes the refresh JWT it receives, so each
         *     one works once. Available from NetSapiens 44.3.
         * @example {
         *       "refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAwQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl"
         *     }
         */
        RefreshGrant: {
            refresh: components["schemas"]["Jwt"];
        };
        /**
         * @description With an API key as the bearer credential, obtain a token for another user of a domain the key
         *     may reach. NetSapiens documents this as `jwt1Post`.
         * @example {
         *       "user": "1000",
         *       "domain": "example.com"
         *     }
         */
        DelegationGrant: {
            /**
             * @description The user (usually the extension) to act as.
             * @example 1000
             */
            user: string;
            domain: components["schemas"]["Domain"];
        };
        /**
         * @description The OAuth client ID that NetSapiens issued to the application.
         * @example example-client
         */
        ClientId: string;
        /**
         * Format: password
         * @description The secret that goes with the client ID.
         * @example example-client-secret
         */
        ClientSecret: string;
        /**
         * @description The login name, usually a uid (`user@domain`); some servers accept other login forms such as an e-mail address.
         * @example 1000@example.com
         */
        Username: string;
        /**
         * Format: password
         * @description The user's password.
         * @example correct horse battery staple
         */
        Password: string;
        /**
         * @description A NetSapiens domain name; `~` means the caller's own domain and `*` every domain.
         * @example example.com
         */
        Domain: string;
        /**
         * @description A compact-serialised JSON Web Token.
         * @example eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAwQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl
         */
        Jwt: string;
        /**
         * @description A JWT ID (`jti` claim), 40 lowercase hexadecimal characters.
         * @example 109832ae46e3ec69b4d57e2398eafe8b034b312c
         */
        JwtId: string;
        /**
         * @description What `DELETE /jwt/{id}` revokes: a JWT ID (40 lowercase hexadecimal characters, as `JwtId`) or a
         *     uid (`user@domain`). The two shapes cannot overlap, since a JWT ID has no `@`.
         * @example 109832ae46e3ec69b4d57e2398eafe8b034b312c
         * @example 1000@example.com
         */
        RevocationTarget: string;
        /**
         * @description A newly issued token. From NetSapiens 44.3 the server also returns a refresh JWT; older servers
         *     return the token alone.
         */
        TokenPair: {
            /** @description The JWT to send as the bearer credential. */
            token: components["schemas"]["Jwt"];
            /** @description A JWT that can only be traded for a new pair with the refresh grant; not valid as a bearer credential. */
            refresh?: components["schemas"]["Jwt"];
        };
        /**
         * @description The claims of a NetSapiens JWT. Servers may add claims not listed here.
         * @example {
         *       "aud": "ns",
         *       "exp": 1699291919,
         *       "iat": 1699205519,
         *       "iss": "vb.netsapiens.com",
         *       "jti": "e197cb3b31898e2ffbc67bf9e274ff086a21d3bc",
         *       "sub": "1000@example.com",
         *       "time_out": 86400000,
         *       "domain": "example.com",
         *       "territory": "ExampleReseller",
         *       "user": "1000",
         *       "user_email": "jane.doe@example.com",
         *       "user_scope": "Basic User",
         *       "displayName": "Jane Doe",
         *       "apiversion": "Version: 44.4.10"
         *     }
         */
        Claims: {
            /** @description The audience; `ns` on every server seen. */
            aud?: string;
            /** @description When the token expires, in Unix seconds. */
            exp?: number;
            /** @description When the token was issued, in Unix seconds. */
            iat?: number;
            /** @description The host that issued the token. */
            iss?: string;
            jti?: components["schemas"]["JwtId"];
            /** @description The subject, as `user@domain`. */
            sub?: string;
            /** @description How long the token is valid, in milliseconds. */
            time_out?: number;
            /** @description The user's domain. */
            domain?: string;
            /** @description The reseller (territory) the token is limited to. */
            territory?: string;
            /** @description The user, usually an extension. */
            user?: string;
            /** @description The user's e-mail address, or null when none is set. */
            user_email: string | null;
            /** @description The user's scope (for example `Basic User` or `Office Manager`), or `mfa_required` before the MFA step. */
            user_scope: string;
            /** @description The user's display name (camelCase on the wire). */
            displayName: string;
            /** @description The API version string of the server. */
            apiversion?: string;
            /** @description The user's department. */
            department?: string;
            /** @description The login name the user signed in with. */
            login?: string;
            /** @description On an `mfa_required` token, who provides the second factor. */
            mfa_vendor?: string;
            /** @description On an `mfa_required` token, the kind of second factor. */
            mfa_type?: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description The body NetSapiens sends with a 202 Accepted. Both fields are optional: NetSapiens documents
         *     `{code, message}` on one revocation and an empty object on the others, and what its servers send
         *     is not documented.
         * @example {
         *       "code": 202,
         *       "message": "Accepted"
         *     }
         * @example {}
         */
        Acknowledgement: {
            /** @description The HTTP status, 202. */
            code?: number;
            /** @description A short confirmation such as `Accepted`. */
            message?: string;
        };
        /**
         * @description The error body NetSapiens sends with a 4xx or 5xx status.
         * @example {
         *       "code": 401,
         *       "message": "Invalid credentials"
         *     }
         */
        Error: {
            /** @description The HTTP status. */
            code: number;
            /** @description What went wrong, for people to read. */
            message: string;
        };
    };
    responses: {
        /**
         * @description The revocation was accepted; NetSapiens applies writes asynchronously and 202 means success. Read
         *     the status, not the body: NetSapiens documents `{code, message}` for revoking the current JWT and an
         *     empty object for revoking by JWT ID or uid, so either may arrive.
         */
        Accepted: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Acknowledgement"];
            };
        };
        /** @description The request was malformed or a field was invalid. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 400,
                 *       "message": "Invalid request body"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The credentials were wrong, or the bearer token is missing, expired or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 401,
                 *       "message": "Invalid credentials"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description The credential is valid but not allowed to do this: an API key that may not delegate, a token that
         *     still needs its MFA step, or a user revoking tokens beyond their scope. NetSapiens documents 403 only
         *     on `POST /jwt`; it is declared on the other operations because the same permission checks apply.
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 403,
                 *       "message": "Permission Denied"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The user, domain or token was not found. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": 404,
                 *       "message": "Domain example.com does not exist"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /**
         * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
         * @example checkout-login-debug
         */
        NetSapiensLog: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    readToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The claims of the current token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Claims"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description One of the four grants. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description The token was issued. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    revokeCurrentToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: components["responses"]["Accepted"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.
                 * @example checkout-login-debug
                 */
                "X-NetSapiens-Log"?: components["parameters"]["NetSapiensLog"];
            };
            path: {
                /** @description A JWT ID (40 lowercase hex characters) or a uid (`user@domain`). */
                id: components["schemas"]["RevocationTarget"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: components["responses"]["Accepted"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
}
