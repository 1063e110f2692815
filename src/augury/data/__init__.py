"""Datasets with provenance: MetaMask's phishing list, address labels, labelled domains.

Everything is vendored under ``files/`` (licences and ``PROVENANCE.md`` beside the data), so
loading needs no network. Loaders are cached and raise :class:`DataFileError` naming the file
and the problem when a file is missing or malformed.
"""

from augury.data.domains import (
    ChainSite,
    DomainDataset,
    DomainExample,
    HostParts,
    TopSite,
    host_parts,
    load_chain_sites,
    load_domain_dataset,
    load_exchange_sites,
    load_project_sites,
    load_site_dataset,
    load_top_sites,
    normalize_domain,
)
from augury.data.errors import DataError, DataFileError, InvalidDomainError, UnknownSplitError
from augury.data.labels import AddressLabel, labels_by_address, load_address_labels
from augury.data.phishing import (
    PhishingCheck,
    PhishingList,
    levenshtein_reference,
    load_phishing_list,
)
from augury.data.splits import SPLIT_BRANDS, DomainSplit, group_key, split

__all__ = [
    "SPLIT_BRANDS",
    "AddressLabel",
    "ChainSite",
    "DataError",
    "DataFileError",
    "DomainDataset",
    "DomainExample",
    "DomainSplit",
    "HostParts",
    "InvalidDomainError",
    "PhishingCheck",
    "PhishingList",
    "TopSite",
    "UnknownSplitError",
    "group_key",
    "host_parts",
    "labels_by_address",
    "levenshtein_reference",
    "load_address_labels",
    "load_chain_sites",
    "load_domain_dataset",
    "load_exchange_sites",
    "load_phishing_list",
    "load_project_sites",
    "load_site_dataset",
    "load_top_sites",
    "normalize_domain",
    "split",
]
