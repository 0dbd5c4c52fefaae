import pytest


@pytest.mark.parametrize(
    ("who", "signals", "cp_check"),
    [
        ("social_worker", True, False),
        ("front_door", True, False),
        ("health_practitioner", True, True),
        ("police_officer", True, False),
        ("school_dsl", True, False),
    ],
)
def test_it_links_each_role_to_the_pages_it_uses(client, cast, sign_in, who, signals, cp_check):
    sign_in(getattr(cast, who))
    page = client.get("/people/search").content.decode()
    assert ('href="/signals/"' in page) is signals
    assert ('href="/flags"' in page) is cp_check
