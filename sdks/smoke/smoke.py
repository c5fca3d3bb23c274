"""Smoke test of the generated Python client against the mock: password login, claims, revoke, refused."""
import os
import sys

from ns_api_jwt import ApiClient, Configuration, JWTApi, PasswordGrant, TokenRequest
from ns_api_jwt.exceptions import UnauthorizedException

config = Configuration(host=os.environ["NS_BASE_URL"])
with ApiClient(config) as client:
    api = JWTApi(client)
    pair = api.create_token(
        TokenRequest(
            PasswordGrant(
                grant_type="password",
                client_id=os.environ["NS_CLIENT_ID"],
                client_secret=os.environ["NS_CLIENT_SECRET"],
                username=os.environ["NS_USERNAME"],
                password=os.environ["NS_PASSWORD"],
            )
        )
    )
    config.access_token = pair.token
    claims = api.read_token()
    if claims.sub != os.environ["NS_USERNAME"]:
        sys.exit("unexpected subject")
    api.revoke_current_token()
    try:
        api.read_token()
        sys.exit("the revoked token was accepted")
    except UnauthorizedException:
        pass
print(f"python: login, claims ({claims.sub}, {claims.user_scope}), revoke, refused: ok")
