from django.contrib import admin
from django.urls import include, path

from network.views import account
from portal import security, views
from publicpages.views import seo as public_seo

admin.site.site_header = "Care Home Improvement Network administration"

urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("floor/", views.floor, name="floor"),
    path("robots.txt", public_seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", public_seo.sitemap, name="sitemap"),
    path("account/", account.account, name="account"),
    path("account/acting-for/", account.switch_membership, name="switch_membership"),
    path("account/still-here/", security.still_here, name="still_here"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("network.urls")),
    path("", include("surveys.urls")),
    path("improvement/", include("qi_cycles.urls")),
    path("training/", include("training.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("digests/", include("digests.urls")),
    path("network-measures/", include("outcomes.urls")),
    path("directory/services/", include("localservices.urls")),
    path("learn/", include("publicpages.urls")),
    path("audit/", include("audit.urls")),
    path("account/data/", include("privacy.urls")),
]
