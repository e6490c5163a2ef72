"""Container HEALTHCHECK probe: exit 0 when /healthz answers 200, else 1.

Runs as `python3 -m polystage_api.healthcheck` because the runtime image has
no shell or curl. Imports only the standard library, so a probe is cheap.
"""

from __future__ import annotations

import os
import sys
import urllib.request

TIMEOUT_SECONDS = 2


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('API_PORT', '8000')}/healthz"
    # An HTTP proxy from the environment must never see a loopback probe.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=TIMEOUT_SECONDS) as response:
            return 0 if response.status == 200 else 1
    except OSError as err:
        print(f"healthcheck: {url}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
