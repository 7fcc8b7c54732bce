"""Declare on the models the two search indexes migration 0003 created with SQL, and drop
PersonKey's single-column index on key, which (key, person_id) makes redundant.

The indexes exist already (0003), so declaring them changes Django's state only.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_search_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(
                        fields=["id", "organisation", "merged_into"],
                        name="registry_person_visibility",
                    ),
                ),
                migrations.AddIndex(
                    model_name="personkey",
                    index=models.Index(
                        fields=["key", "person"], name="registry_personkey_key_person"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="personkey",
            name="key",
            field=models.BigIntegerField(),
        ),
    ]
