from pathlib import Path

from django.conf import settings

from joinedup.demo.narratives import FAMILIES


def test_it_lists_every_narrative_family_in_the_readme():
    readme = (Path(settings.REPO_DIR) / "README.md").read_text()
    for family in FAMILIES:
        assert family.title in readme, f"README.md does not list {family.code}"
        assert family.search[0] in readme
