"""The shared test kit: what every test module builds on, and nothing else.

- `world`: rows to test against (a small union tree, a programme, initiatives,
  authors) and a way to read a refusal's message;
- `accounts`: the one test password, accounts with a role and a unit, and the
  ways in: an API token, the admin's login form, or a session straight away;
- `http`: an HTTP client on the real app, in process;
- `live`: the app served by uvicorn in subprocesses;
- `database`: the test database (one per process) and `reset_database`.

The `client` and `empty_db` fixtures are in tests/conftest.py. Test modules
import from here, never from each other or from conftest.
"""
