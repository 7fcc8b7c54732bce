"""Create the local secret key and master key files (var/) if missing. Imports nothing of Django."""

import base64
import os
import secrets
import sys
from pathlib import Path


def _write(path: Path, text: str) -> bool:
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text + "\n")
    return True


def main() -> None:
    var = Path(os.environ.get("CORRIDOR_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    if _write(var / "secret_key", secrets.token_urlsafe(50)):
        print(f"created {var / 'secret_key'}")
    if _write(var / "master.key", base64.b64encode(secrets.token_bytes(32)).decode()):
        print(f"created {var / 'master.key'}")


if __name__ == "__main__":
    main()
    sys.exit(0)
