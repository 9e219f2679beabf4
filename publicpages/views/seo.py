"""robots.txt and /sitemap.xml: search engines may read the public learning pages and
nothing else (every other page needs signing in anyway)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from publicpages.sitemaps import SITEMAPS
from publicpages.views.pages import absolute


@login_not_required
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /learn/",
        "Disallow: /learn/manage/",
        "Disallow: /",
        f"Sitemap: {absolute(request, '/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS)
