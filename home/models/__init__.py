from .feedback import Feedback, FeedbackCategory, FeedbackPage, FeedbackStatus
from .images import CustomImage, CustomRendition
from .mixins import ContactMixin, LocalizedRelationsMixin, TeaserMixin
from .pages import HomeFeaturedItem, HomePage, StandardPage
from .settings import FooterText, SiteSettings
from .snippets import Commune, Person, Topic

__all__ = [
    "Commune",
    "ContactMixin",
    "CustomImage",
    "CustomRendition",
    "Feedback",
    "FeedbackCategory",
    "FeedbackPage",
    "FeedbackStatus",
    "FooterText",
    "HomeFeaturedItem",
    "HomePage",
    "LocalizedRelationsMixin",
    "Person",
    "SiteSettings",
    "StandardPage",
    "TeaserMixin",
    "Topic",
]
