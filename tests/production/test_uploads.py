"""Upload limits for images and documents, as editors meet them in the admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def image_form(name, content):
    form_class = get_image_form(get_image_model())
    data = {"title": "Test", "collection": Collection.get_first_root_node().pk}
    return form_class(data, {"file": SimpleUploadedFile(name, content)})


def document_form(name, content):
    form_class = get_document_form(get_document_model())
    data = {"title": "Test", "collection": Collection.get_first_root_node().pk}
    return form_class(data, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
def test_image_within_the_limits_is_accepted():
    assert image_form("klein.png", png(40, 30)).is_valid()


@pytest.mark.django_db
def test_oversize_image_is_rejected_with_a_clear_message(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    form = image_form("gross.png", png(400, 400) + b"\0" * 2048)
    assert not form.is_valid()
    (message,) = form.errors["file"]
    assert message.startswith("Die Datei ist zu groß")
    assert "Maximale Dateigröße 1,0\xa0KB" in message


@pytest.mark.django_db
def test_image_with_too_many_pixels_is_rejected(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    form = image_form("riesig.png", png(200, 200))
    assert not form.is_valid()
    assert form.errors["file"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bild.svg", "programm.exe", "seite.html"])
def test_image_types_outside_the_list_are_rejected(name):
    assert not image_form(name, png(10, 10)).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["programm.exe", "seite.html", "skript.js"])
def test_document_types_outside_the_list_are_rejected(name):
    form = document_form(name, b"MZ...")
    assert not form.is_valid()
    assert form.errors["file"]


@pytest.mark.django_db
def test_pdf_document_is_accepted():
    assert document_form("bericht.pdf", b"%PDF-1.4\n%%EOF\n").is_valid()
