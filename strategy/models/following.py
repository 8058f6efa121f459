"""What visitors follow of a project by e-mail (home/subscriptions/)."""

from django.utils.translation import gettext as _

from home.subscriptions.targets import Target, TargetKind, topic_keys


class FollowedProjectMixin:
    """A project offers itself; when published, it names its topics, communes and strategy,
    and its catalogue answers which stored catalogue queries it matches."""

    def subscription_target(self, params):
        label = _("Projekt: %(title)s") % {"title": self.title}
        return Target(TargetKind.PROJECT, str(self.translation_key), label, self.get_url())

    def subscription_keys(self):
        keys = [(TargetKind.PROJECT, str(self.translation_key)), *topic_keys(self)]
        keys += [(TargetKind.COMMUNE, str(c.bfs_number)) for c in self.participating_communes.all()]
        if self.focus_area_id:
            keys.append((TargetKind.STRATEGY, str(self.focus_area.page.translation_key)))
        return keys

    def matches_subscription_query(self, key):
        index = self.get_parent().specific
        return index.project_matches_subscription_query(self, key)
