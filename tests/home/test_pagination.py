"""The page links of a long listing (news index, catalogue, search, ideas): a list of
1,000 pages links a few numbers around the current one and both ends, not all 1,000."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def links(page_number, pages=1000):
    page_obj = Paginator(range(pages * 10), 10).page(page_number)
    html = render_to_string("components/pagination.html", {"page_obj": page_obj})
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    shown = []
    for item in items:
        if 'rel="prev"' in item or 'rel="next"' in item:
            continue
        if "pagination__gap" in item:
            shown.append("…")
        else:
            shown.append(re.sub(r"<[^>]+>|Seite ", "", item).strip())
    return shown, html


def test_a_long_listing_links_its_ends_and_the_pages_around_the_current_one():
    shown, html = links(500)
    assert shown == ["1", "…", "498", "499", "500", "501", "502", "…", "1000"]
    assert '<span aria-current="page">500</span>' in html
    assert 'href="?page=1000"' in html and 'rel="next" href="?page=501"' in html


def test_the_first_pages_and_a_short_listing_have_no_gap_where_nothing_is_left_out():
    assert links(1)[0] == ["1", "2", "3", "…", "1000"]
    assert links(2, pages=5)[0] == ["1", "2", "3", "4", "5"]
