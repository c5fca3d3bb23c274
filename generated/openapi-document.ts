/**
 * GENERATED FILE: do not edit by hand.
 * Source: openapi/ns-api-jwt.yaml, rendered by scripts/generate.mjs (the types by openapi-typescript).
 * Change the spec, then run `npm run generate`; `npm test` fails when this file is stale.
 */

export const openapiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "NetSapiens ns-api v2 — JWT authentication",
    "version": "0.1.0",
    "x-netsapiens-api-version": "44.4",
    "summary": "Create, inspect and revoke the JSON Web Tokens that authenticate NetSapiens ns-api v2 calls.",
    "description": "A normalised description of the JWT group of the NetSapiens ns-api v2. NetSapiens multiplexes four\nways of obtaining a token on one `POST /jwt` and documents them with `#1`, `#2`… suffixes; those\nsuffixes are URL fragments and never reach the server. Here each variant is one member of a `oneOf`\nrequest body, with a named example, and the two revocation variants share `DELETE /jwt/{id}`.\n\nEvery NetSapiens operator runs its own server: set the `server` variable to its API host name.\nTokens are HS256 JWTs signed with a secret only the server holds, so a client can read their claims\nbut cannot verify them; `GET /jwt` is the authority.\n",
    "contact": {
      "name": "ns-api-jwt maintainers",
      "url": "https://www.npmjs.com/package/ns-api-jwt"
    },
    "license": {
      "name": "MIT",
      "url": "https://opensource.org/licenses/MIT"
    }
  },
  "servers": [
    {
      "url": "https://{server}/ns-api/v2",
      "description": "A NetSapiens API host. Each operator has its own; `ns-api.com` is the NetSapiens developer sandbox.",
      "variables": {
        "server": {
          "default": "ns-api.com",
          "description": "Host name of the NetSapiens server (its portal or core API host)."
        }
      }
    }
  ],
  "tags": [
    {
      "name": "JWT",
      "description": "Obtain, read and revoke JSON Web Tokens for the ns-api v2."
    }
  ],
  "security": [
    {
      "jwtBearer": []
    }
  ],
  "paths": {
    "/jwt": {
      "parameters": [
        {
          "$ref": "#/components/parameters/NetSapiensLog"
        }
      ],
      "post": {
        "operationId": "createToken",
        "summary": "Create a JWT",
        "description": "Issues a JWT by one of four grants, chosen by the shape of the body:\n\n- **password** — username and password with the application's client credentials. When the\n  account has multi-factor authentication the returned token carries the scope `mfa_required`\n  and is good only for the MFA grant.\n- **mfa** — the second step of an MFA login: the same credentials, the 6-digit passcode and the\n  `mfa_required` token as `access_token`.\n- **refresh** — a refresh JWT from an earlier response. The server revokes it and returns a new\n  pair (NetSapiens 44.3 and later).\n- **delegation** — an API key, sent as the bearer credential, asks for a token for another user.\n\nThe first three need no `Authorization` header; delegation needs the API key.\n",
        "tags": [
          "JWT"
        ],
        "security": [
          {},
          {
            "apiKeyBearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "One of the four grants.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TokenRequest"
              },
              "examples": {
                "password": {
                  "summary": "Password grant",
                  "description": "Log in with a username and password (NetSapiens `jwtPost`).",
                  "value": {
                    "grant_type": "password",
                    "client_id": "example-client",
                    "client_secret": "example-client-secret",
                    "username": "1000@example.com",
                    "password": "correct horse battery staple"
                  }
                },
                "mfa": {
                  "summary": "MFA grant",
                  "description": "Complete an MFA login with the passcode from the authenticator app (NetSapiens `jwt2Post`).",
                  "value": {
                    "grant_type": "mfa",
                    "client_id": "example-client",
                    "client_secret": "example-client-secret",
                    "username": "1002@portal",
                    "password": "correct horse battery staple",
                    "mfa_vendor": "google",
                    "mfa_type": "authenticator",
                    "ns_id_type": "subscriber",
                    "passcode": "371706",
                    "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6MTY5OTY4MTA3OSwiaWF0IjoxNjk5NTk0Njc5LCJpc3MiOiJ2Yi5uZXRzYXBpZW5zLmNvbSIsImp0aSI6Ijc2ZTUzOTk5YWM3MmE2ZDVhMTIxZWI2NWZjNDRkZjI1NDFiMGVjOGUiLCJzdWIiOiIxMDAyQHBvcnRhbCIsInRpbWVfb3V0Ijo4NjQwMDAwMCwiZG9tYWluIjoicG9ydGFsIiwidGVycml0b3J5IjoiTmV0U2FwaWVuczIiLCJ1c2VyIjoiMTAwMiIsInVzZXJfZW1haWwiOiJjYWFrZXJAbmV0c2FwaWVucy5jb20iLCJ1c2VyX3Njb3BlIjoibWZhX3JlcXVpcmVkIiwiZGlzcGxheU5hbWUiOiJpbXBvcnQgdGVzdCIsImRlcGFydG1lbnQiOiJTdXBwb3J0IiwibG9naW4iOiIxMDAyQHBvcnRhbCIsIm1mYV92ZW5kb3IiOiJnb29nbGUiLCJtZmFfdHlwZSI6ImF1dGhlbnRpY2F0b3IifQ.78eDopXiLTQRZKwegu7WuFMQG-LMvZ2NcF8EDSxnNiI"
                  }
                },
                "refresh": {
                  "summary": "Refresh grant",
                  "description": "Trade a refresh JWT for a new token pair (NetSapiens 44.3 and later).",
                  "value": {
                    "refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6MTc2OTgxNzYwMCwiaWF0IjoxNzY3MjI1NjAwLCJpc3MiOiJucy1hcGkuY29tIiwianRpIjoiOWIyZTdkNDFjNmEwOGYzNWUxZDRiN2MyYTlmMDZlODNkNWMxYjQ3MCIsInN1YiI6IjEwMDBAZXhhbXBsZS5jb20iLCJ0b2tlbl91c2UiOiJyZWZyZXNoIn0.uKxQbOlVxE3FIqGK9xEMZ94ZGFsjezwofLi8SpW7lO0"
                  }
                },
                "delegation": {
                  "summary": "Delegation grant",
                  "description": "With an API key as the bearer credential, get a token for another user (NetSapiens `jwt1Post`).",
                  "value": {
                    "user": "1000",
                    "domain": "example.com"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The token was issued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenPair"
                },
                "examples": {
                  "withRefresh": {
                    "summary": "NetSapiens 44.3 and later",
                    "description": "A token and a refresh JWT.",
                    "value": {
                      "token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6MTc2NzMxMjAwMCwiaWF0IjoxNzY3MjI1NjAwLCJpc3MiOiJucy1hcGkuY29tIiwianRpIjoiM2YxYzlhN2JlMGQyNGM1OGExZjZlMmI5ZDA3YzRhMzVlOGIxZjkwMiIsInN1YiI6IjEwMDBAZXhhbXBsZS5jb20iLCJ0aW1lX291dCI6ODY0MDAwMDAsImRvbWFpbiI6ImV4YW1wbGUuY29tIiwidGVycml0b3J5IjoiRXhhbXBsZVJlc2VsbGVyIiwidXNlciI6IjEwMDAiLCJ1c2VyX2VtYWlsIjoiamFuZS5kb2VAZXhhbXBsZS5jb20iLCJ1c2VyX3Njb3BlIjoiT2ZmaWNlIE1hbmFnZXIiLCJkaXNwbGF5TmFtZSI6IkphbmUgRG9lIiwiYXBpdmVyc2lvbiI6IlZlcnNpb246IDQ0LjQuMTAifQ.yBmSybOw6mlHWxQ1uHfkyjh2tqZlt3h42MmuSH_o5Cw",
                      "refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6MTc2OTgxNzYwMCwiaWF0IjoxNzY3MjI1NjAwLCJpc3MiOiJucy1hcGkuY29tIiwianRpIjoiOWIyZTdkNDFjNmEwOGYzNWUxZDRiN2MyYTlmMDZlODNkNWMxYjQ3MCIsInN1YiI6IjEwMDBAZXhhbXBsZS5jb20iLCJ0b2tlbl91c2UiOiJyZWZyZXNoIn0.uKxQbOlVxE3FIqGK9xEMZ94ZGFsjezwofLi8SpW7lO0"
                    }
                  },
                  "tokenOnly": {
                    "summary": "Before NetSapiens 44.3",
                    "description": "Older servers return the token alone.",
                    "value": {
                      "token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJucyIsImV4cCI6MTc2NzMxMjAwMCwiaWF0IjoxNzY3MjI1NjAwLCJpc3MiOiJucy1hcGkuY29tIiwianRpIjoiM2YxYzlhN2JlMGQyNGM1OGExZjZlMmI5ZDA3YzRhMzVlOGIxZjkwMiIsInN1YiI6IjEwMDBAZXhhbXBsZS5jb20iLCJ0aW1lX291dCI6ODY0MDAwMDAsImRvbWFpbiI6ImV4YW1wbGUuY29tIiwidGVycml0b3J5IjoiRXhhbXBsZVJlc2VsbGVyIiwidXNlciI6IjEwMDAiLCJ1c2VyX2VtYWlsIjoiamFuZS5kb2VAZXhhbXBsZS5jb20iLCJ1c2VyX3Njb3BlIjoiT2ZmaWNlIE1hbmFnZXIiLCJkaXNwbGF5TmFtZSI6IkphbmUgRG9lIiwiYXBpdmVyc2lvbiI6IlZlcnNpb246IDQ0LjQuMTAifQ.yBmSybOw6mlHWxQ1uHfkyjh2tqZlt3h42MmuSH_o5Cw"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      },
      "get": {
        "operationId": "readToken",
        "summary": "Read the current JWT",
        "description": "Returns the claims of the JWT sent as the bearer credential, as the server sees them.",
        "tags": [
          "JWT"
        ],
        "security": [
          {
            "jwtBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The claims of the current token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Claims"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      },
      "delete": {
        "operationId": "revokeCurrentToken",
        "summary": "Revoke the current JWT",
        "description": "Revokes the JWT sent as the bearer credential; the server refuses it from then on.",
        "tags": [
          "JWT"
        ],
        "security": [
          {
            "jwtBearer": []
          }
        ],
        "responses": {
          "202": {
            "$ref": "#/components/responses/Accepted"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    },
    "/jwt/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/NetSapiensLog"
        }
      ],
      "delete": {
        "operationId": "revokeToken",
        "summary": "Revoke a JWT by ID, or all of a user's JWTs",
        "description": "With a JWT ID (the `jti` claim, 40 lowercase hexadecimal characters) revokes that one token\n(NetSapiens `revokeJWTbyJti`). With a uid (`user@domain`) revokes every token of that user\n(NetSapiens `revokeJWTbyUid`). The two shapes cannot overlap: a JWT ID has no `@`.\n",
        "tags": [
          "JWT"
        ],
        "security": [
          {
            "jwtBearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "A JWT ID (40 lowercase hex characters) or a uid (`user@domain`).",
            "schema": {
              "$ref": "#/components/schemas/RevocationTarget"
            },
            "examples": {
              "byJti": {
                "summary": "One token by JWT ID",
                "value": "109832ae46e3ec69b4d57e2398eafe8b034b312c"
              },
              "byUid": {
                "summary": "Every token of a user",
                "value": "1000@example.com"
              }
            }
          }
        ],
        "responses": {
          "202": {
            "$ref": "#/components/responses/Accepted"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "jwtBearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A JWT from `POST /jwt`, sent as `Authorization: Bearer <token>`."
      },
      "apiKeyBearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "NetSapiens API key",
        "description": "A NetSapiens API key, sent as `Authorization: Bearer <key>`; used by the delegation grant."
      }
    },
    "parameters": {
      "NetSapiensLog": {
        "name": "X-NetSapiens-Log",
        "in": "header",
        "required": false,
        "description": "A tag that turns on detailed logging of this request in NetSapiens InSight, filed under the tag.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128,
          "pattern": "^[\\x20-\\x7E]+$"
        },
        "example": "checkout-login-debug"
      }
    },
    "responses": {
      "Accepted": {
        "description": "The revocation was accepted; NetSapiens applies writes asynchronously and 202 means success. Read\nthe status, not the body: NetSapiens documents `{code, message}` for revoking the current JWT and an\nempty object for revoking by JWT ID or uid, so either may arrive.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Acknowledgement"
            },
            "examples": {
              "acknowledged": {
                "summary": "A code and a message",
                "description": "The documented body of revoking the current JWT (NetSapiens `SuccessResponse`).",
                "value": {
                  "code": 202,
                  "message": "Accepted"
                }
              },
              "empty": {
                "summary": "An empty object",
                "description": "The documented body of revoking by JWT ID or uid (an object with no properties).",
                "value": {}
              }
            }
          }
        }
      },
      "BadRequest": {
        "description": "The request was malformed or a field was invalid.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "code": 400,
              "message": "Invalid request body"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The credentials were wrong, or the bearer token is missing, expired or revoked.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "code": 401,
              "message": "Invalid credentials"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The credential is valid but not allowed to do this: an API key that may not delegate, a token that\nstill needs its MFA step, or a user revoking tokens beyond their scope. NetSapiens documents 403 only\non `POST /jwt`; it is declared on the other operations because the same permission checks apply.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "code": 403,
              "message": "Permission Denied"
            }
          }
        }
      },
      "NotFound": {
        "description": "The user, domain or token was not found.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "code": 404,
              "message": "Domain example.com does not exist"
            }
          }
        }
      }
    },
    "schemas": {
      "TokenRequest": {
        "description": "The body of `POST /jwt`; exactly one of the four grants.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/PasswordGrant"
          },
          {
            "$ref": "#/components/schemas/MfaGrant"
          },
          {
            "$ref": "#/components/schemas/RefreshGrant"
          },
          {
            "$ref": "#/components/schemas/DelegationGrant"
          }
        ]
      },
      "PasswordGrant": {
        "type": "object",
        "description": "Log in with a username and password. NetSapiens documents this as `jwtPost`.",
        "required": [
          "grant_type",
          "client_id",
          "client_secret",
          "username",
          "password"
        ],
        "additionalProperties": false,
        "properties": {
          "grant_type": {
            "type": "string",
            "const": "password",
            "description": "Selects the password grant."
          },
          "client_id": {
            "$ref": "#/components/schemas/ClientId"
          },
          "client_secret": {
            "$ref": "#/components/schemas/ClientSecret"
          },
          "username": {
            "$ref": "#/components/schemas/Username"
          },
          "password": {
            "$ref": "#/components/schemas/Password"
          }
        },
        "examples": [
          {
            "grant_type": "password",
            "client_id": "example-client",
            "client_secret": "example-client-secret",
            "username": "1000@example.com",
            "password": "correct horse battery staple"
          }
        ]
      },
      "MfaGrant": {
        "type": "object",
        "description": "The second step of an MFA login. Send it after a password grant returned a token whose\n`user_scope` is `mfa_required`. NetSapiens documents this as `jwt2Post`.\n",
        "required": [
          "grant_type",
          "client_id",
          "client_secret",
          "username",
          "password",
          "mfa_type",
          "mfa_vendor",
          "ns_id_type",
          "passcode",
          "access_token"
        ],
        "additionalProperties": false,
        "properties": {
          "grant_type": {
            "type": "string",
            "const": "mfa",
            "description": "Selects the MFA grant."
          },
          "client_id": {
            "$ref": "#/components/schemas/ClientId"
          },
          "client_secret": {
            "$ref": "#/components/schemas/ClientSecret"
          },
          "username": {
            "$ref": "#/components/schemas/Username"
          },
          "password": {
            "$ref": "#/components/schemas/Password"
          },
          "mfa_type": {
            "type": "string",
            "minLength": 1,
            "description": "The kind of second factor, copied from the `mfa_type` claim of the `mfa_required` token.",
            "examples": [
              "authenticator"
            ]
          },
          "mfa_vendor": {
            "type": "string",
            "minLength": 1,
            "description": "Who provides the second factor, copied from the `mfa_vendor` claim of the `mfa_required` token.",
            "examples": [
              "google"
            ]
          },
          "ns_id_type": {
            "type": "string",
            "enum": [
              "subscriber",
              "level1"
            ],
            "description": "Which MFA registration to check; `subscriber` is the API and portal user's authenticator."
          },
          "passcode": {
            "type": "string",
            "pattern": "^[0-9]{6}$",
            "description": "The 6-digit code shown by the authenticator app.",
            "examples": [
              "371706"
            ]
          },
          "access_token": {
            "$ref": "#/components/schemas/Jwt"
          }
        },
        "examples": [
          {
            "grant_type": "mfa",
            "client_id": "example-client",
            "client_secret": "example-client-secret",
            "username": "1002@portal",
            "password": "correct horse battery staple",
            "mfa_vendor": "google",
            "mfa_type": "authenticator",
            "ns_id_type": "subscriber",
            "passcode": "371706",
            "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAyQHBvcnRhbCIsInVzZXJfc2NvcGUiOiJtZmFfcmVxdWlyZWQifQ.c2lnbmF0dXJl"
          }
        ]
      },
      "RefreshGrant": {
        "type": "object",
        "description": "Trade a refresh JWT for a new token pair. The server revokes the refresh JWT it receives, so each\none works once. Available from NetSapiens 44.3.\n",
        "required": [
          "refresh"
        ],
        "additionalProperties": false,
        "properties": {
          "refresh": {
            "$ref": "#/components/schemas/Jwt"
          }
        },
        "examples": [
          {
            "refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAwQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl"
          }
        ]
      },
      "DelegationGrant": {
        "type": "object",
        "description": "With an API key as the bearer credential, obtain a token for another user of a domain the key\nmay reach. NetSapiens documents this as `jwt1Post`.\n",
        "required": [
          "user",
          "domain"
        ],
        "additionalProperties": false,
        "properties": {
          "user": {
            "type": "string",
            "minLength": 1,
            "description": "The user (usually the extension) to act as.",
            "examples": [
              "1000"
            ]
          },
          "domain": {
            "$ref": "#/components/schemas/Domain"
          }
        },
        "examples": [
          {
            "user": "1000",
            "domain": "example.com"
          }
        ]
      },
      "ClientId": {
        "type": "string",
        "description": "The OAuth client ID that NetSapiens issued to the application.",
        "examples": [
          "example-client"
        ]
      },
      "ClientSecret": {
        "type": "string",
        "format": "password",
        "description": "The secret that goes with the client ID.",
        "examples": [
          "example-client-secret"
        ]
      },
      "Username": {
        "type": "string",
        "minLength": 1,
        "description": "The login name, usually a uid (`user@domain`); some servers accept other login forms such as an e-mail address.",
        "examples": [
          "1000@example.com"
        ]
      },
      "Password": {
        "type": "string",
        "format": "password",
        "minLength": 1,
        "description": "The user's password.",
        "examples": [
          "correct horse battery staple"
        ]
      },
      "Domain": {
        "type": "string",
        "maxLength": 64,
        "pattern": "^([A-Za-z0-9._-]+|\\*|~)$",
        "description": "A NetSapiens domain name; `~` means the caller's own domain and `*` every domain.",
        "examples": [
          "example.com"
        ]
      },
      "Jwt": {
        "type": "string",
        "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$",
        "description": "A compact-serialised JSON Web Token.",
        "examples": [
          "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAwQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl"
        ]
      },
      "JwtId": {
        "type": "string",
        "pattern": "^[0-9a-f]{40}$",
        "description": "A JWT ID (`jti` claim), 40 lowercase hexadecimal characters.",
        "examples": [
          "109832ae46e3ec69b4d57e2398eafe8b034b312c"
        ]
      },
      "RevocationTarget": {
        "type": "string",
        "maxLength": 256,
        "pattern": "^([0-9a-f]{40}|[^@/\\s]+@[^@/\\s]+)$",
        "description": "What `DELETE /jwt/{id}` revokes: a JWT ID (40 lowercase hexadecimal characters, as `JwtId`) or a\nuid (`user@domain`). The two shapes cannot overlap, since a JWT ID has no `@`.\n",
        "examples": [
          "109832ae46e3ec69b4d57e2398eafe8b034b312c",
          "1000@example.com"
        ]
      },
      "TokenPair": {
        "type": "object",
        "description": "A newly issued token. From NetSapiens 44.3 the server also returns a refresh JWT; older servers\nreturn the token alone.\n",
        "required": [
          "token"
        ],
        "properties": {
          "token": {
            "$ref": "#/components/schemas/Jwt",
            "description": "The JWT to send as the bearer credential."
          },
          "refresh": {
            "$ref": "#/components/schemas/Jwt",
            "description": "A JWT that can only be traded for a new pair with the refresh grant; not valid as a bearer credential."
          }
        }
      },
      "Claims": {
        "type": "object",
        "description": "The claims of a NetSapiens JWT. Servers may add claims not listed here.",
        "required": [
          "user_email",
          "user_scope",
          "displayName"
        ],
        "additionalProperties": true,
        "properties": {
          "aud": {
            "type": "string",
            "description": "The audience; `ns` on every server seen."
          },
          "exp": {
            "type": "integer",
            "description": "When the token expires, in Unix seconds."
          },
          "iat": {
            "type": "integer",
            "description": "When the token was issued, in Unix seconds."
          },
          "iss": {
            "type": "string",
            "description": "The host that issued the token."
          },
          "jti": {
            "$ref": "#/components/schemas/JwtId"
          },
          "sub": {
            "type": "string",
            "description": "The subject, as `user@domain`."
          },
          "time_out": {
            "type": "integer",
            "description": "How long the token is valid, in milliseconds."
          },
          "domain": {
            "type": "string",
            "description": "The user's domain."
          },
          "territory": {
            "type": "string",
            "description": "The reseller (territory) the token is limited to."
          },
          "user": {
            "type": "string",
            "description": "The user, usually an extension."
          },
          "user_email": {
            "type": [
              "string",
              "null"
            ],
            "description": "The user's e-mail address, or null when none is set."
          },
          "user_scope": {
            "type": "string",
            "description": "The user's scope (for example `Basic User` or `Office Manager`), or `mfa_required` before the MFA step."
          },
          "displayName": {
            "type": "string",
            "description": "The user's display name (camelCase on the wire)."
          },
          "apiversion": {
            "type": "string",
            "description": "The API version string of the server."
          },
          "department": {
            "type": "string",
            "description": "The user's department."
          },
          "login": {
            "type": "string",
            "description": "The login name the user signed in with."
          },
          "mfa_vendor": {
            "type": "string",
            "description": "On an `mfa_required` token, who provides the second factor."
          },
          "mfa_type": {
            "type": "string",
            "description": "On an `mfa_required` token, the kind of second factor."
          }
        },
        "examples": [
          {
            "aud": "ns",
            "exp": 1699291919,
            "iat": 1699205519,
            "iss": "vb.netsapiens.com",
            "jti": "e197cb3b31898e2ffbc67bf9e274ff086a21d3bc",
            "sub": "1000@example.com",
            "time_out": 86400000,
            "domain": "example.com",
            "territory": "ExampleReseller",
            "user": "1000",
            "user_email": "jane.doe@example.com",
            "user_scope": "Basic User",
            "displayName": "Jane Doe",
            "apiversion": "Version: 44.4.10"
          }
        ]
      },
      "Acknowledgement": {
        "type": "object",
        "description": "The body NetSapiens sends with a 202 Accepted. Both fields are optional: NetSapiens documents\n`{code, message}` on one revocation and an empty object on the others, and what its servers send\nis not documented.\n",
        "properties": {
          "code": {
            "type": "integer",
            "description": "The HTTP status, 202."
          },
          "message": {
            "type": "string",
            "description": "A short confirmation such as `Accepted`."
          }
        },
        "examples": [
          {
            "code": 202,
            "message": "Accepted"
          },
          {}
        ]
      },
      "Error": {
        "type": "object",
        "description": "The error body NetSapiens sends with a 4xx or 5xx status.",
        "required": [
          "code",
          "message"
        ],
        "properties": {
          "code": {
            "type": "integer",
            "description": "The HTTP status."
          },
          "message": {
            "type": "string",
            "description": "What went wrong, for people to read."
          }
        },
        "examples": [
          {
            "code": 401,
            "message": "Invalid credentials"
          }
        ]
      }
    }
  }
};
