import os

import pytest

from tests.factories import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    from corridor.keys import services

    services._unwrapped.clear()
    yield
    services._unwrapped.clear()


def pytest_collection_modifyitems(config, items):
    # Browser tests need Debian's chromium; elsewhere they are skipped with the reason said.
    import shutil

    if shutil.which("chromium") or os.environ.get("CORRIDOR_CHROMIUM"):
        return
    skip = pytest.mark.skip(reason="chromium is not installed (make test installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
