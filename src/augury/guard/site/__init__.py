"""Is the dapp's origin a phishing site? :func:`check_site` and what it is built from.

:mod:`~augury.guard.site.check` gives :func:`check_site` and :class:`SiteReport` (the list,
the model and the market kept apart); :mod:`~augury.guard.site.brands` the known brands'
own sites; :mod:`~augury.guard.site.rdap` the optional domain age. The stacked model
(:mod:`augury.guard.site.model`) and its evaluation on held-back splits
(:mod:`augury.guard.site.evaluation`) load scikit-learn, so they are imported on their own
and not through this face; ``check_site`` loads the model only when it first needs it.
"""

from augury.guard.site.brands import BrandMatch, BrandRegistry, brand_registry, registry_of
from augury.guard.site.check import (
    AgeProvider,
    ModelFn,
    SignalProvider,
    SiteReport,
    check_site,
    combine,
    domain_of,
    lookalike_distance,
    model_score,
    verdict_of,
)
from augury.guard.site.rdap import YOUNG_DAYS, DomainAge, RdapClient, registration_date

__all__ = [
    "YOUNG_DAYS",
    "AgeProvider",
    "BrandMatch",
    "BrandRegistry",
    "DomainAge",
    "ModelFn",
    "RdapClient",
    "SignalProvider",
    "SiteReport",
    "brand_registry",
    "check_site",
    "combine",
    "domain_of",
    "lookalike_distance",
    "model_score",
    "registration_date",
    "registry_of",
    "verdict_of",
]
