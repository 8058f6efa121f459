"""E-mail alerts: visitors subscribe to what a page offers (all news, a topic, a project, a
strategy, a commune, a filtered catalogue view), confirm by mail, and get one mail per run
listing the significant changes published since (immediately or as a weekly digest).

- `targets`: what can be subscribed to and which subscriptions a published page matches
  (pages declare `subscription_target()` and `subscription_keys()`);
- `models`: Subscriber, Subscription, Notice, Announcement;
- `tokens`: the signed links in the mails;
- `notices`: queued when a page's new change notes go live;
- `delivery`: the mails, one per subscriber and run, through the outbox (home/mail.py);
- `views`: subscribe, confirm, manage, unsubscribe (one click, RFC 8058);
- `report`, `privacy`, `admin_urls`: the admin's report "Abonnements" (counts; addresses
  only for the group "Feedback") and data-protection requests (export, deletion).
"""
