"""Publishing as an editor does, for the tests of change notes, feeds and e-mail alerts."""

from home.models import ChangeKind


def publish(page, **changes):
    """Publish from the page's latest revision with these changes; returns the page as
    stored afterwards."""
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def publish_significant(page, note):
    """A significant change with its public note."""
    return publish(page, change_kind=ChangeKind.SIGNIFICANT, change_note=note)
