"""`{% once_token %}`: the hidden one-time token a create form needs (see portal/once.py).

{% load once %}
<form method="post" ...>{% csrf_token %}{% once_token %} ...
"""

import secrets

from django import template
from django.utils.html import format_html

from portal.once import FIELD

register = template.Library()


@register.simple_tag
def once_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


def new_token() -> str:
    return secrets.token_urlsafe(24)
