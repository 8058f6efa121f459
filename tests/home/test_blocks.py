import pytest
from django.core.exceptions import ValidationError

from home.blocks import BaseStreamBlock


def _heading(text, level):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _clean(raw):
    block = BaseStreamBlock()
    return block.clean(block.to_python(raw))


def test_headings_may_go_down_one_level_at_a_time():
    _clean([_heading("A", "h2"), _heading("B", "h3"), _heading("C", "h4"), _heading("D", "h2")])


@pytest.mark.parametrize("levels", [["h3"], ["h2", "h4"], ["h2", "h3", "h2", "h4"]])
def test_skipped_heading_level_is_refused(levels):
    with pytest.raises(ValidationError):
        _clean([_heading(str(i), level) for i, level in enumerate(levels)])


@pytest.mark.django_db
def test_image_needs_alt_text_unless_decorative():
    from home.demo.images import illustration

    image = illustration("Bild", 2)
    figure = {"image": {"image": image.pk, "decorative": False, "alt_text": ""}, "caption": ""}
    with pytest.raises(ValidationError):
        _clean([{"type": "image", "value": figure}])
    figure["image"]["decorative"] = True
    _clean([{"type": "image", "value": figure}])
    figure["image"].update(decorative=False, alt_text="Karte des Kantons Luzern")
    _clean([{"type": "image", "value": figure}])
