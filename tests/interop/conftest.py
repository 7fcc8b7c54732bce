from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pfif"


@pytest.fixture(scope="session")
def reference_bytes() -> bytes:
    """Person Finder's PFIF 1.4 test document (tests/fixtures/pfif/README.md)."""
    return (FIXTURES / "personfinder-test.pfif-1.4.xml").read_bytes()
