"""The list-lookup family: eth-phishing-detect's rules, learned from labelled pairs.

``fit`` turns the training pairs into a :class:`~augury.data.phishing.PhishingList`: scams
become the blacklist, benign domains the whitelist (except that a benign domain with scam
subdomains, a hosting platform such as ``netlify.app`` or ``typeform.com``, vouches only
for itself and not for its subdomains as a whitelist entry would), and the *fuzzylist* is
learned: the
benign domains that at least ``min_lookalikes`` training scams imitate within
``tolerance`` edits, most-imitated first, skipping any within ``tolerance`` of a target
already taken (MetaMask curates that list by hand; here the data names the targets). How
much a fuzzy match means is learned too: ``fuzzy_rate_`` is the class-balanced scam share
among training domains that match a target other than themselves. On the vendored data that
share is *low*: the whitelist is largely the near-namesakes that the fuzzy rule wrongly
flagged, so the data teaches the agent to distrust the rule.
A domain the lists do not decide gets the reputation of its parents (public suffix, hosting
platform, registered domain): class-balanced scam shares, each level shrunk toward the level
above with ``smoothing`` pseudo-counts, starting from even odds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.utils.validation import check_is_fitted

from augury.data.domains import normalize_domain
from augury.data.phishing import CheckType, PhishingList
from augury.models.base import DomainModel, balanced_weights
from augury.models.families import register
from augury.models.features import learn_targets


def _ancestors(domain: str) -> list[str]:
    """Proper parents of ``domain`` from the TLD down: a.b.io -> [io, b.io]."""
    labels = domain.split(".")
    return [".".join(labels[k:]) for k in range(len(labels) - 1, 0, -1)]


@dataclass(eq=False, repr=False)
class ListLookupAgent(DomainModel):
    """Blacklist / whitelist / learned fuzzylist lookup with parent-domain reputation."""

    tolerance: int = 2
    min_lookalikes: int = 3
    min_target_length: int = 5
    smoothing: float = 4.0
    listed_confidence: float = 0.98

    def _fit(self, domains: list[str], labels: npt.NDArray[np.int64]) -> None:
        scams = [d for d, y in zip(domains, labels, strict=True) if y == 1]
        benign = [d for d, y in zip(domains, labels, strict=True) if y == 0]
        hosts = {parent for d in scams for parent in _ancestors(d)}
        self.exact_benign_ = frozenset(d for d in benign if d in hosts)
        self.phishing_list_ = PhishingList(
            version="learned",
            tolerance=self.tolerance,
            fuzzylist=learn_targets(
                benign,
                scams,
                tolerance=self.tolerance,
                min_lookalikes=self.min_lookalikes,
                min_length=self.min_target_length,
            ),
            whitelist=tuple(d for d in benign if d not in hosts),
            blacklist=tuple(scams),
        )
        reputation: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for domain, label, weight in zip(domains, labels, balanced_weights(labels), strict=True):
            for parent in _ancestors(domain):
                reputation[parent][int(label)] += float(weight)
        self.reputation_ = {k: (v[0], v[1]) for k, v in reputation.items()}
        # How often a fuzzy match is a scam, on the training domains that are not targets.
        fuzzy_only = PhishingList("fuzzy", self.tolerance, self.phishing_list_.fuzzylist, (), ())
        targets = set(self.phishing_list_.fuzzylist)
        matched = [0.0, 0.0]
        for domain, label, weight in zip(domains, labels, balanced_weights(labels), strict=True):
            if domain not in targets and fuzzy_only.check(domain).type == "fuzzy":
                matched[int(label)] += float(weight)
        self.fuzzy_rate_ = (matched[1] + self.smoothing * 0.5) / (sum(matched) + self.smoothing)

    def _reputation(self, domain: str) -> float:
        p = 0.5
        for parent in _ancestors(domain):
            benign, scam = self.reputation_.get(parent, (0.0, 0.0))
            p = (scam + self.smoothing * p) / (benign + scam + self.smoothing)
        return p

    def verdicts(self, X: Sequence[str]) -> list[CheckType]:
        """The list rule that decides each domain or URL: eth-phishing-detect's types, with an
        exact match of a benign hosting platform counted as ``whitelist``."""
        check_is_fitted(self, "phishing_list_")
        return self._verdicts([normalize_domain(str(d)) for d in X])

    def _verdicts(self, domains: list[str]) -> list[CheckType]:
        return [
            "whitelist" if d in self.exact_benign_ else self.phishing_list_.check(d).type
            for d in domains
        ]

    def _scam_proba(self, domains: list[str]) -> npt.NDArray[np.float64]:
        out = np.empty(len(domains))
        for i, (domain, verdict) in enumerate(zip(domains, self._verdicts(domains), strict=True)):
            if verdict == "whitelist":
                out[i] = 1.0 - self.listed_confidence
            elif verdict == "blacklist":
                out[i] = self.listed_confidence
            elif verdict == "fuzzy":
                out[i] = self.fuzzy_rate_
            else:
                out[i] = self._reputation(domain)
        return out


@register("list-lookup", rank=40)
def list_lookup(random_state: int) -> DomainModel:
    return ListLookupAgent()  # deterministic: nothing to seed
