"""Schemathesis hooks for the mock: how each operation authenticates.

Bearer operations (GET /jwt, DELETE /jwt, DELETE /jwt/{id}) log in afresh for every test case, so
a case that revokes its token cannot spoil the next one. POST /jwt sends the API key, which only the
delegation grant reads (the other grants need no Authorization header and the mock ignores it).
The credentials are the mock's seeded defaults, passed in by run.ts through the environment.
"""
import os

import requests
import schemathesis

BASE_URL = os.environ["NS_MOCK_BASE_URL"]


@schemathesis.auth(refresh_interval=None).apply_to(path_regex="^/jwt(/\\{id\\})?$", method=["GET", "DELETE"])
class FreshLogin:
    def get(self, case, context):
        response = requests.post(
            f"{BASE_URL}/jwt",
            json={
                "grant_type": "password",
                "client_id": os.environ["NS_MOCK_CLIENT_ID"],
                "client_secret": os.environ["NS_MOCK_CLIENT_SECRET"],
                "username": os.environ["NS_MOCK_USERNAME"],
                "password": os.environ["NS_MOCK_PASSWORD"],
            },
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.auth(refresh_interval=None).apply_to(path="/jwt", method="POST")
class ApiKey:
    def get(self, case, context):
        return os.environ["NS_MOCK_API_KEY"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
