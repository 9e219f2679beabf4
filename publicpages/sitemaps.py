"""/sitemap.xml: exactly the public items and the index of public pages, with absolute
addresses on SITE_URL and the date each last changed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publicpages import access
from publicpages.paths import case_study_path, collection_path, session_path


class _OnSiteUrl(Sitemap):
    """Addresses on SITE_URL's scheme and host (else the request's host)."""

    def _site(self):
        return urlsplit(getattr(settings, "SITE_URL", "") or "")

    def get_protocol(self, protocol=None):
        return self._site().scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return self._site().netloc or super().get_domain(site)


class IndexSitemap(_OnSiteUrl):
    changefreq = "weekly"

    def items(self):
        return ["public:index"]

    def location(self, item):
        return reverse(item)


class SessionSitemap(_OnSiteUrl):
    def items(self):
        return access.public_sessions().order_by("pk")

    def location(self, item):
        return session_path(item)

    def lastmod(self, item):
        return max(d for d in (item.updated_at, item.made_public_at) if d)


class CollectionSitemap(_OnSiteUrl):
    def items(self):
        return access.public_collections().order_by("pk")

    def location(self, item):
        return collection_path(item)

    def lastmod(self, item):
        return item.made_public_at or item.created_at


class CaseStudySitemap(_OnSiteUrl):
    def items(self):
        return access.public_case_studies().order_by("pk")

    def location(self, item):
        return case_study_path(item)

    def lastmod(self, item):
        return max(d for d in (item.updated_at, item.made_public_at) if d)


SITEMAPS = {
    "index": IndexSitemap,
    "training": SessionSitemap,
    "collections": CollectionSitemap,
    "case-studies": CaseStudySitemap,
}
