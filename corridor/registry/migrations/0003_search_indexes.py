"""Indexes for registry search (corridor.registry.index.search) that let it read indexes only.

- PersonKey (key, person_id): a query key's holders are counted and fetched from the index
  instead of from table rows scattered over the whole table (one person's keys are written
  together, one key's holders are not).
- Person (id, organisation_id, merged_into_id): whether a holder is one of the persons
  searched (``visible_to(user)``, not merged) is decided from the index, so a surname held
  by many costs an index look-up per holder, not a table row.

Same SQL on SQLite and PostgreSQL. The indexes are not declared on the models (yet), so this
migration leaves Django's model state unchanged.
"""

from django.db import migrations

INDEXES = {
    "registry_personkey_key_person": "registry_personkey (key, person_id)",
    "registry_person_visibility": "registry_person (id, organisation_id, merged_into_id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_person_alternate_names_person_birth_note_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
