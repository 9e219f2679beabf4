"""The partnership agreement: members read and sign it; project workers publish new versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from network import selectors, services_directory
from network import selectors_agreements as agreements
from network.forms_directory import AgreementPublishForm, AgreementSignForm
from portal.forms import add_service_errors

PER_PAGE = 50


def safe_next(request: HttpRequest, value: str | None) -> str:
    """`value` if it is a page on this site (and not the agreement itself), else ""."""
    if not value or value.startswith(reverse("network:agreement")):
        return ""
    if url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def agreement(request: HttpRequest) -> HttpResponse:
    version = agreements.current_version_for(request.user)
    ctx = {
        "version": version,
        "next": safe_next(request, request.GET.get("next")),
        "is_network_wide": selectors.is_network_wide(request.user),
    }
    return render(request, "network/agreement/agreement.html", ctx)


@require_POST
def agreement_sign(request: HttpRequest) -> HttpResponse:
    version = agreements.current_version()
    if version is None:
        raise Http404
    next_url = safe_next(request, request.POST.get("next"))
    form = AgreementSignForm(request.POST)
    if not form.is_valid() or form.cleaned_data["version"] != version.version:
        messages.error(
            request, "A newer version of the agreement has been published. Read it before you sign."
        )
        return redirect(_agreement_url(next_url))
    try:
        signature, new = services_directory.sign_agreement(user=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_agreement_url(next_url))
    if new:
        messages.success(request, f"Thank you. You have signed version {version.version}.")
    else:
        messages.info(
            request,
            f"You already signed version {version.version} on "
            f"{dateformat.format(localtime(signature.signed_at), 'j F Y')}. "
            "There is nothing more to do.",
        )
    # HttpResponseRedirect, not redirect(): a next= like "x" is a path, not a view name.
    return HttpResponseRedirect(next_url) if next_url else redirect("network:agreement")


def _agreement_url(next_url: str) -> str:
    from urllib.parse import urlencode

    url = reverse("network:agreement")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def agreement_publish(request: HttpRequest) -> HttpResponse:
    agreements.require_can_publish(request.user)
    current = agreements.current_version()
    initial = {"title": current.title, "body": current.body} if current else {}
    form = AgreementPublishForm(request.POST or None, initial=initial)
    if current is None:
        form.fields["summary_of_changes"].label = "What has changed (optional)"
    if request.method == "POST" and form.is_valid():
        try:
            version = services_directory.publish_agreement(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {version.version} is published. Members will be asked to sign it "
                "when they next sign in.",
            )
            return redirect("network:agreement")
    next_number = (current.version + 1) if current else 1
    return render(
        request,
        "network/agreement/publish.html",
        {"form": form, "current": current, "next_number": next_number},
    )


def agreement_signatures(request: HttpRequest) -> HttpResponse:
    versions = agreements.versions_with_counts(request.user)  # 403 for anyone else
    if not versions:
        return render(request, "network/agreement/signatures.html", {"versions": []})
    version = agreements.choose_version(versions, request.GET.get("version"))
    show = "signed" if request.GET.get("show") == "signed" else "not_signed"
    rows = agreements.signatures_of(version) if show == "signed" else agreements.not_signed(version)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "versions": versions,
        "version": version,
        "is_current": version.pk == versions[0].pk,
        "show": show,
        "page": page,
        "not_signed_count": (
            page.paginator.count if show == "not_signed" else agreements.not_signed(version).count()
        ),
    }
    return render(request, "network/agreement/signatures.html", ctx)
