"""The fixtures every app's tests share, one module a concern, loaded by the root conftest's `pytest_plugins`."""
