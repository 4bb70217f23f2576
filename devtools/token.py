"""Print an access token for a demo client from the running local issuer:
`.venv/bin/python -m devtools.token ngo-outreach [scope ...]`."""

import asyncio
import os
import sys

from devtools.issuer import client_token, load_clients


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(
            f"usage: python -m devtools.token CLIENT [SCOPE ...]\nclients: "
            f"{', '.join(load_clients())}"
        )
    client = load_clients()[sys.argv[1]]
    issuer = os.environ.get("NRM_AUTH_ISSUER", "http://127.0.0.1:8009")
    print(asyncio.run(client_token(issuer, client, " ".join(sys.argv[2:]) or None)))


if __name__ == "__main__":
    main()
