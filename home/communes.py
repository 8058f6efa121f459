"""The communes of the canton of Lucerne, from the BFS list kept in home/data/."""

import json
from pathlib import Path

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "lucerne_communes.json"


def read_communes():
    """Return the communes as dicts with name, bfs and wahlkreis, as the BFS lists them."""
    with COMMUNES_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["communes"]


def sync_communes(commune_model):
    """Create or update every commune by its BFS number; return how many were created."""
    created = 0
    for entry in read_communes():
        _, was_created = commune_model.objects.update_or_create(
            bfs_number=entry["bfs"],
            defaults={"name": entry["name"], "electoral_district": entry["wahlkreis"]},
        )
        created += was_created
    return created
