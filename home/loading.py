"""Loading a page's linked objects in few queries."""


def load_foreign_keys(page, *paths, defer=()):
    """Load the objects behind the page's foreign keys (select_related paths such as
    "focus_area__page") in one query instead of one per key; `defer` names fields of
    theirs that the page does not show (a linked page's body).

    Routing loads the page without them. A key whose value differs from the stored page
    (a preview of a draft) or that is loaded already is left to load on its own.
    """
    if page.pk is None:
        return
    fields = {path.split("__")[0]: page._meta.get_field(path.split("__")[0]) for path in paths}
    fields = {
        name: field
        for name, field in fields.items()
        if getattr(page, field.attname) is not None and not field.is_cached(page)
    }
    if not fields:
        return
    stored = next(
        iter(
            type(page)
            .objects.filter(pk=page.pk)
            .select_related(*(path for path in paths if path.split("__")[0] in fields))
            .only("pk", *fields)
            .defer(*(path for path in defer if path.split("__")[0] in fields))
            .order_by()
        ),
        None,
    )
    if stored is None:
        return
    for field in fields.values():
        if getattr(stored, field.attname) == getattr(page, field.attname):
            field.set_cached_value(page, getattr(stored, field.name))
