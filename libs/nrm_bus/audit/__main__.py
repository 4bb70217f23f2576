"""The offline audit verifier: `python -m nrm_bus.audit verify BUNDLE.json` checks an
exported bundle with no network. Exit 0: every service verifies; 1: problems, printed
first bad entry first; 2: the bundle cannot be read (what is malformed is printed)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from nrm_bus.audit.verify import BundleMalformed, parse_bundle, verify_bundle

OK, PROBLEMS, MALFORMED = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nrm_bus.audit")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="verify an exported audit bundle offline")
    verify.add_argument("bundle", help="the bundle (JSON), as the operations service exports it")
    verify.add_argument(
        "--keys",
        help="JSON object of service -> JWKS obtained another way, to pin the signing keys "
        "instead of trusting the ones the bundle carries",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits itself; a caller of main() gets the code
        return int(stop.code or 0)

    try:
        bundle = _read_json(args.bundle, "bundle")
        trusted = None if args.keys is None else _read_json(args.keys, "keys")
        if trusted is not None and not (
            isinstance(trusted, dict) and all(isinstance(v, dict) for v in trusted.values())
        ):
            raise BundleMalformed("the keys file must map each service to its JWKS")
        parsed = parse_bundle(bundle)
        problems = verify_bundle(bundle, trusted)
    except BundleMalformed as error:
        print(f"malformed: {error}", file=sys.stderr)
        return MALFORMED

    for name, part in parsed.services.items():
        own = [p for p in problems if p.service == name]
        checkpoint = part.checkpoint
        print(
            f"{name}: {len(part.entries)} entries, checkpoint of {checkpoint.size} entries at "
            f"{checkpoint.at.isoformat()} by {checkpoint.key_id} "
            f"({'pinned key' if trusted is not None else 'key from the bundle'}): "
            f"{'ok' if not own else f'{len(own)} problem(s)'}"
        )
    for name in parsed.missing:
        print(f"{name}: not reached when the bundle was made; this trace is partial")
    for problem in problems:
        seq = "-" if problem.seq is None else str(problem.seq)
        print(f"PROBLEM {problem.service} seq {seq} {problem.problem}: {problem.detail}")
    print("OK" if not problems else f"FAILED: {len(problems)} problem(s)")
    return OK if not problems else PROBLEMS


def _read_json(path: str, what: str) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as error:
        raise BundleMalformed(f"cannot read the {what} file: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BundleMalformed(f"the {what} file is not JSON: {error}") from None


if __name__ == "__main__":
    sys.exit(main())
