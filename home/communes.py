"""The communes of the canton of Lucerne, from the BFS list kept in home/data/."""

import json
from pathlib import Path

from django.utils.text import slugify

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "lucerne_communes.json"

# German umlauts as written without them ("Schüpfheim" → "schuepfheim"), not dropped.
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def commune_slug(name):
    """The commune's part of an address: "Aesch (LU)" → "aesch-lu", "Büron" → "bueron"."""
    return slugify(name.translate(UMLAUTS))


def read_communes():
    """Return the communes as dicts with name, bfs and wahlkreis, as the BFS lists them."""
    with COMMUNES_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["communes"]


def sync_communes(commune_model):
    """Create or update every commune by its BFS number; return how many were created."""
    # Migrations from before the slug (0002) pass a historical model without it.
    has_slug = any(field.name == "slug" for field in commune_model._meta.get_fields())
    created = 0
    for entry in read_communes():
        values = {"name": entry["name"], "electoral_district": entry["wahlkreis"]}
        if has_slug:
            values["slug"] = commune_slug(entry["name"])
        _, was_created = commune_model.objects.update_or_create(
            bfs_number=entry["bfs"], defaults=values
        )
        created += was_created
    return created
