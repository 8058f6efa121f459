# The feedback feature is a package of its own (home/feedback/); its models are home's.
from home.feedback.ideas import IdeasPage
from home.feedback.models import Feedback, FeedbackCategory, FeedbackStatus
from home.feedback.page import FeedbackPage
from home.helpfulness.models import HelpfulnessVote
from home.previews.models import PreviewLink
from home.subscriptions.models import Announcement, Notice, Subscriber, Subscription

from .accessibility import AccessibilityStatementPage, ConformanceStatus
from .change_notes import ChangeKind, ChangeNote, ChangeNotesMixin
from .images import CustomImage, CustomRendition
from .mixins import ContactMixin, LocalizedRelationsMixin, TeaserMixin
from .pages import HomeFeaturedItem, HomePage, StandardPage
from .settings import FooterText, SiteSettings
from .snippets import Commune, Person, Topic
from .throttle import ThrottleCounter

__all__ = [
    "AccessibilityStatementPage",
    "Announcement",
    "ChangeKind",
    "ChangeNote",
    "ChangeNotesMixin",
    "Commune",
    "ContactMixin",
    "CustomImage",
    "ConformanceStatus",
    "CustomRendition",
    "Feedback",
    "FeedbackCategory",
    "FeedbackPage",
    "FeedbackStatus",
    "FooterText",
    "HelpfulnessVote",
    "HomeFeaturedItem",
    "HomePage",
    "IdeasPage",
    "LocalizedRelationsMixin",
    "Notice",
    "Person",
    "PreviewLink",
    "SiteSettings",
    "StandardPage",
    "Subscriber",
    "Subscription",
    "TeaserMixin",
    "ThrottleCounter",
    "Topic",
]
