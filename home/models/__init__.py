from .images import CustomImage, CustomRendition
from .mixins import ContactMixin, TeaserMixin
from .pages import HomeFeaturedItem, HomePage, StandardPage
from .settings import FooterText, SiteSettings
from .snippets import Commune, Person, Topic

__all__ = [
    "Commune",
    "ContactMixin",
    "CustomImage",
    "CustomRendition",
    "FooterText",
    "HomeFeaturedItem",
    "HomePage",
    "Person",
    "SiteSettings",
    "StandardPage",
    "TeaserMixin",
    "Topic",
]
