from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Commune, Person, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen")
    list_display = ["name", "role", "organisation"]
    search_fields = ["name"]


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "home"
    menu_label = _("Gemeinden")
    list_display = ["name", "bfs_number", "electoral_district"]
    list_filter = ["electoral_district"]
    search_fields = ["name"]
    inspect_view_enabled = True


register_snippet(TopicViewSet)
register_snippet(PersonViewSet)
register_snippet(CommuneViewSet)
