"""The storage tests run on both backends where they are about the stores' behaviour (`backend_url`)."""

from tests.backends import *  # noqa: F403 - the backend fixtures (tests/backends.py)
