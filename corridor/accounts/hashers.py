"""A cheap Argon2 parameter set for the test suite only (same algorithm, same code path)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with minimal cost, so hundreds of test users hash quickly."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
