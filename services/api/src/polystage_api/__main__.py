"""`python -m polystage_api` starts the server (the container's entrypoint)."""

from polystage_api.main import main

if __name__ == "__main__":
    raise SystemExit(main())
