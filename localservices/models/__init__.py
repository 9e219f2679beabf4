"""The local services directory: NHS, council and voluntary services homes can call on,
and the corrections members suggest to them."""

from localservices.models.services import LocalService, ServiceKind, Suggestion

__all__ = ["LocalService", "ServiceKind", "Suggestion"]
