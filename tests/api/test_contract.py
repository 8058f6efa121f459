"""Contract tests: every page type shows the fields that the OpenAPI description
documents, typed as documented (validated against the served description)."""

import pytest
from wagtail.models import get_page_models

from home.models import FeedbackPage, HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from strategy.models import (
    ProjectIndexPage,
    ProjectPage,
    StrategyIndexPage,
    StrategyPage,
    StrategyStatus,
)
from vlgsite.api.endpoints import SitePagesAPIViewSet
from vlgsite.api.registry import page_types

PAGE_TYPES = [
    HomePage,
    StandardPage,
    FeedbackPage,
    NewsIndexPage,
    NewsPage,
    StrategyIndexPage,
    StrategyPage,
    ProjectIndexPage,
    ProjectPage,
]


def test_every_page_type_declares_its_api_fields_and_their_schema():
    declared = page_types()
    assert {m._meta.label for m in get_page_models()} - {"wagtailcore.Page"} == set(declared)
    for model in PAGE_TYPES:
        names = [f.name for f in SitePagesAPIViewSet.get_body_fields(model)][2:]  # id, title
        assert names == list(declared[model._meta.label].schemas), model


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m._meta.label)
def test_page_detail_matches_the_documented_schema(api, validate, page_of, model):
    page = page_of(model)
    data = api(f"/api/v2/pages/{page.pk}/")
    assert data["meta"]["type"] == model._meta.label
    declared = page_types()[model._meta.label].schemas
    assert set(declared) <= set(data), set(declared) - set(data)
    validate(data, model._meta.label.replace(".", "_"))
    validate(data, "Page")


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m._meta.label)
def test_listing_with_all_fields_matches_the_schema(api, validate, model):
    data = api(f"/api/v2/pages/?type={model._meta.label}&fields=*&limit=50")
    assert data["items"]
    validate(data, "PageListing")


def test_news_fields(api, page_of):
    news = page_of(NewsPage, related_projects__isnull=False, lead_image__isnull=False)
    data = api(f"/api/v2/pages/{news.pk}/")
    assert data["date"] == news.date.isoformat()
    assert data["teaser"] == news.teaser
    assert {t["slug"] for t in data["topics"]} == {t.slug for t in news.topics.all()}
    assert data["tags"] == sorted(news.tags.names())
    assert data["author"]["name"] == news.author.name
    assert set(data["author"]) == {"id", "name", "role", "organisation", "email", "phone", "photo"}
    related = {p["id"] for p in data["related_projects"]}
    assert related == {p.pk for p in news.related_projects.all()}
    image = data["lead_image"]
    assert image["alt"] == news.lead_image.default_alt_text
    for size in ("small", "medium", "large"):
        rendition = image["renditions"][size]
        assert rendition["url"].startswith("http") and rendition["width"] <= 1600
    assert image["renditions"]["small"]["width"] == 480


def test_stream_field_rich_text_is_html_with_internal_links_resolved(api, page_of):
    page = page_of(StandardPage)
    target = page_of(NewsIndexPage)
    page.body = [
        (
            "paragraph",
            f'<p>Siehe <a linktype="page" id="{target.pk}">die News</a>.</p>',
        ),
        ("heading", {"text": "Zwischentitel", "level": "h2"}),
        ("quote", {"text": "Digital first.", "attribution": "Kanton"}),
    ]
    page.save_revision().publish()
    body = api(f"/api/v2/pages/{page.pk}/")["body"]
    assert [block["type"] for block in body] == ["paragraph", "heading", "quote"]
    assert f'<a href="{target.url}">die News</a>' in body[0]["value"]
    assert "linktype" not in body[0]["value"]
    assert body[1]["value"] == {"text": "Zwischentitel", "level": "h2"}
    raw = api(f"/api/v2/pages/{page.pk}/?rich_text_format=db_html")["body"]
    assert 'linktype="page"' in raw[0]["value"]


def test_stream_field_images_documents_and_tables(api, validate, page_of):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    page = page_of(StandardPage)
    image = get_image_model().objects.first()
    document = get_document_model().objects.first()
    page.body = [
        (
            "image",
            {
                "image": {"image": image, "alt_text": "Ein Diagramm", "decorative": False},
                "caption": "Quelle: VLG",
            },
        ),
        ("document", {"document": document, "title": ""}),
        (
            "table",
            {
                "caption": "Zahlen",
                "table": {
                    "data": [["Jahr", "Gemeinden"], ["2025", "80"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            },
        ),
    ]
    page.save_revision().publish()
    data = api(f"/api/v2/pages/{page.pk}/")
    validate(data, "home_StandardPage")
    figure, download, table = (block["value"] for block in data["body"])
    assert figure["id"] == image.pk and figure["alt"] == "Ein Diagramm"
    assert figure["caption"] == "Quelle: VLG" and figure["decorative"] is False
    assert set(figure["renditions"]) == {"small", "medium", "large"}
    assert download == {
        "id": document.pk,
        "title": document.title,
        "url": "http://localhost" + document.url,
        "file_extension": document.file_extension.lower(),
        "file_size": document.file_size,
    }
    assert table == {
        "caption": "Zahlen",
        "header_row": True,
        "header_column": False,
        "rows": [["Jahr", "Gemeinden"], ["2025", "80"]],
    }


def test_strategy_fields(api, page_of):
    superseded = page_of(StrategyPage, status=StrategyStatus.SUPERSEDED)
    data = api(f"/api/v2/pages/{superseded.pk}/")
    assert data["status"] == "superseded" and data["kind"] == superseded.kind
    assert data["superseded_by"]["id"] == superseded.superseded_by_id
    successor = api(f"/api/v2/pages/{superseded.superseded_by_id}/")
    assert superseded.pk in {item["id"] for item in successor["supersedes"]}
    assert data["valid_from"] == (superseded.valid_from and superseded.valid_from.isoformat())
    with_areas = page_of(StrategyPage, focus_areas__isnull=False)
    areas = api(f"/api/v2/pages/{with_areas.pk}/")["focus_areas"]
    assert [a["title"] for a in areas] == [a.title for a in with_areas.focus_areas.all()]
    projects = {p["id"] for area in areas for p in area["projects"]}
    expected = set(
        ProjectPage.objects.live()
        .filter(focus_area__page=with_areas, locale=with_areas.locale)
        .values_list("pk", flat=True)
    )
    assert projects == expected
    documents = api(f"/api/v2/pages/{with_areas.pk}/?fields=_,documents")["documents"]
    assert len(documents) == with_areas.documents.count()


def test_project_fields(api, page_of):
    project = page_of(ProjectPage, milestones__isnull=False, focus_area__isnull=False)
    data = api(f"/api/v2/pages/{project.pk}/")
    assert data["status"] == project.status and data["lead"] == project.lead
    assert data["levels"] == project.levels
    assert data["partners"] == project.partner_list
    assert data["milestones"] == [
        {
            "title": m.title,
            "planned_date": m.planned_date.isoformat() if m.planned_date else None,
            "actual_date": m.actual_date.isoformat() if m.actual_date else None,
            "reached": m.actual_date is not None,
            "slip_days": m.slip_days,
        }
        for m in project.milestone_list()
    ]
    assert data["progress"]["total"] == project.milestones.count()
    communes = {c["bfs_number"] for c in data["participating_communes"]}
    assert communes == set(project.participating_communes.values_list("bfs_number", flat=True))
    assert data["focus_area"]["title"] == project.focus_area.title
    assert data["focus_area"]["strategy"]["id"] == project.focus_area.page_id
    assert data["contact_person"]["name"] == project.contact_person.name
    news = {n["id"] for n in data["related_news"]}
    assert news == {item.pk for item in project.related_news()}
    dates = [n["date"] for n in data["related_news"]]
    assert dates == sorted(dates, reverse=True)


def test_home_page_links_are_public_pages(api, home_page):
    data = api(f"/api/v2/pages/{home_page.pk}/")
    assert data["featured_pages"], "the demo home page features projects"
    assert data["feedback_page"]["url"].endswith("/de/ideen-und-feedback/")
    assert data["intro"].startswith("<")


def test_nested_field_selection(api, page_of):
    project = page_of(ProjectPage, topics__isnull=False)
    data = api(f"/api/v2/pages/{project.pk}/?fields=_,topics(slug),focus_area(title)")
    assert set(data) == {"topics", "focus_area"}
    assert all(set(topic) == {"slug"} for topic in data["topics"])
    assert set(data["focus_area"]) == {"title"}
    listing = api(
        "/api/v2/pages/?type=news.NewsPage&fields=author(name),lead_image(renditions)&limit=3"
    )
    for item in listing["items"]:
        assert item["author"] is None or set(item["author"]) == {"name"}
        assert item["lead_image"] is None or set(item["lead_image"]) == {"renditions"}


def test_images_and_documents_endpoints(api, validate):
    images = api("/api/v2/images/?fields=*")
    validate(images, "ImageListing")
    image = api(f"/api/v2/images/{images['items'][0]['id']}/")
    validate(image, "ImageItem")
    assert set(image["renditions"]) == {"small", "medium", "large"}
    documents = api("/api/v2/documents/?fields=*")
    validate(documents, "DocumentListing")
    assert all(item["meta"]["download_url"].startswith("http") for item in documents["items"])


def test_listing_queries_do_not_grow_with_the_number_of_items(
    client, db, django_assert_max_num_queries
):
    fields = "date,teaser,lead_image,topics,tags,author"
    client.get(f"/api/v2/pages/?type=news.NewsPage&fields={fields}&limit=50")  # renditions
    for listing in ("type=news.NewsPage&fields=" + fields, "locale=fr"):
        with django_assert_max_num_queries(40) as few:
            assert client.get(f"/api/v2/pages/?{listing}&limit=2").status_code == 200
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(f"/api/v2/pages/?{listing}&limit=20").status_code == 200
