"""Recompute PersonAddress.dwelling_key, which dropped house and flat numbers before.

dwelling_key is derived from line1 and the postcode (ADR 2), so recomputing it changes no
fact. Batched, so it runs on a large table without holding everything in memory.
"""

from django.db import migrations

from joinedup.people.identifiers import address_key


def recompute(apps, schema_editor):
    PersonAddress = apps.get_model("people", "PersonAddress")
    batch = []
    for address in PersonAddress.objects.only("id", "line1", "postcode").iterator(chunk_size=5000):
        key = address_key(address.line1, address.postcode)
        address.dwelling_key = key
        batch.append(address)
        if len(batch) >= 5000:
            PersonAddress.objects.bulk_update(batch, ["dwelling_key"])
            batch = []
    if batch:
        PersonAddress.objects.bulk_update(batch, ["dwelling_key"])


class Migration(migrations.Migration):
    dependencies = [("people", "0003_match_models")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
