"""Each person already recorded is seen by the authority whose organisation recorded them
first (ADR 0019). Authorities that only sent about a person held elsewhere lose sight of them:
that is the hole issue 22 closes."""

from django.db import migrations

FIRST_HOLDERS = """
INSERT INTO people_personauthority
    (person_id, authority_id, via, since, reason, decided_by, decided_by_user_id)
SELECT po.person_id, po.authority_id, 'first_record', po.first_seen, '', '', NULL
FROM people_personorganisation po
WHERE po.authority_id IS NOT NULL
  AND po.id = (
    SELECT first.id FROM people_personorganisation first
    WHERE first.person_id = po.person_id AND first.authority_id IS NOT NULL
    ORDER BY first.first_seen, first.id
    LIMIT 1
  )
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0011_who_may_see_a_person")]

    operations = [migrations.RunSQL(FIRST_HOLDERS, reverse_sql=migrations.RunSQL.noop)]
