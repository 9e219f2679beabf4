"""Decorators and helpers that write the audit row from the code path doing the action.

    @audited_export("qi_cycles.measure", kwarg="measure_pk")
    def measure_csv(request, measure_pk): ...

    @audited_delete("qi_cycles.cycle", kwarg="cycle_pk")
    def cycle_delete(request, cycle_pk): ...

The detail is always the URL name of the view (for example "qi:measure_csv"): nothing a
person typed, not even the query string, reaches the log.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import wraps

from django.db import transaction

from audit.log import record
from audit.models import Action


def url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def audited_export(target: str = "", *, kwarg: str = "pk", action: Action = Action.EXPORTED):
    """Record one row when the view sends the file (a 200 answer to GET). A refusal (403,
    404), a redirect or an error page (a PDF that cannot be made: 503) records nothing.
    `target` is the "app_label.model" of the object named by the URL's `kwarg`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200:
                record(
                    action,
                    request=request,
                    target_type=target,
                    target_id=kwargs.get(kwarg, "") if target else "",
                    detail=url_name(request),
                )
            return response

        return wrapper

    return decorator


def audited_delete(target: str, *, kwarg: str = "pk"):
    """Run a delete view's POST in one transaction with its audit row. The row is written
    only when the view redirects (it deleted); a refusal raises (nothing is written) and a
    page with an error (200 or 400) writes nothing. GET, the confirmation page, is not
    recorded."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if response.status_code == 302:
                    record(
                        Action.DELETED,
                        request=request,
                        target_type=target,
                        target_id=kwargs[kwarg],
                        detail=url_name(request),
                    )
            return response

        return wrapper

    return decorator


@contextmanager
def records_change(request, action: Action, target, **before):
    """Run a change of state (cancelling, declining) and its audit row in one transaction.
    `before` are the target's fields while it is still in the old state: the row is locked
    first and recorded only if it was in that state, so doing it twice, or two people at
    once, records it once. A refusal or an error raised inside records nothing.

        with audit.records_change(request, Action.EVENT_CANCELLED, event, status="scheduled"):
            services.cancel_event(...)
    """
    with transaction.atomic():
        unchanged = type(target).objects.select_for_update().filter(pk=target.pk, **before)
        changing = bool(list(unchanged.values_list("pk", flat=True)))
        yield
        if changing:
            record(action, request=request, target=target, detail=url_name(request))


def member_removed(request, *, membership_pk: int, user, deactivated: bool) -> None:
    """Someone was removed from an organisation; if it was their last, their account was
    closed too (a second row). Call inside the removal's transaction."""
    detail = url_name(request)
    record(
        Action.MEMBER_REMOVED,
        request=request,
        target_type="network.membership",
        target_id=membership_pk,
        detail=detail,
    )
    if deactivated:
        record(Action.ACCOUNT_DEACTIVATED, request=request, target=user, detail=detail)


def champion_changed(request, membership) -> None:
    """A member was made a champion or stopped being one."""
    record(
        Action.ROLE_CHANGED,
        request=request,
        target=membership,
        detail=f"champion:{'yes' if membership.is_champion else 'no'}",
    )


def named_answers_viewed(request, survey, results: dict) -> None:
    """The results page of a named survey showed what people wrote beside their names: one
    person's answers can be read, so it is recorded like the answers download. Anonymous
    surveys, and pages with no written answers, record nothing."""
    if survey.anonymous or not any(item.get("texts") for item in results["questions"]):
        return
    record(Action.VIEWED_RESPONSE, request=request, target=survey, detail=url_name(request))
