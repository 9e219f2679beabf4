"""Monthly returns: a home's months, sending, no change, what was sent, corrections, and
which homes have sent."""

from django.urls import path

from outcomes.views import returns

MONTH = "homes/<int:home_pk>/<int:year>/<int:month>/"

urlpatterns: list = [
    path("who-has-sent/", returns.status, name="status"),
    path("homes/<int:home_pk>/", returns.home_returns, name="home_returns"),
    path(MONTH, returns.return_detail, name="return_detail"),
    path(f"{MONTH}send/", returns.return_send, name="return_send"),
    path(f"{MONTH}no-change/", returns.return_no_change, name="return_no_change"),
    path(f"{MONTH}correct/", returns.return_correct, name="return_correct"),
]
