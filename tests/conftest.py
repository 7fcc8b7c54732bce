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


@pytest.fixture
def commit_import(django_capture_on_commit_callbacks):
    """Commit an import and run its task as the transaction's on-commit hook would."""
    from corridor.imports import services

    def run(user, job_id):
        with django_capture_on_commit_callbacks(execute=True):
            return services.commit(user, job_id)

    return run
