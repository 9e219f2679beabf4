app_name = "digests"

# Digest preferences and the one-click unsubscribe link. Every URL lives under /digests/.
urlpatterns: list = []
