app_name = "localservices"

urlpatterns: list = []
