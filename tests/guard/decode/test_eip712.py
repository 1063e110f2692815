"""EIP-712 hashing, checked against eth-account's independent implementation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from augury.guard.decode.eip712 import TypedData
from augury.guard.errors import TypedDataError

MAIL: dict[str, Any] = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person"},
            {"name": "contents", "type": "string"},
        ],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
    },
    "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbbBbB"},
        "contents": "Hello, Bob!",
    },
}


def reference_digest(payload: dict[str, Any]) -> bytes:
    signable = encode_typed_data(full_message=copy.deepcopy(payload))
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def test_eip_example_matches_the_eip_and_eth_account() -> None:
    data = TypedData.parse(MAIL)
    # the values printed in EIP-712's reference example
    assert data.encode_type("Mail") == (
        "Mail(Person from,Person to,string contents)Person(string name,address wallet)"
    )
    assert data.domain_separator().hex() == (
        "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"
    )
    assert data.struct_hash().hex() == (
        "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"
    )
    assert data.digest() == reference_digest(MAIL)
    assert data.digest().hex() == (
        "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    )


def test_signature_over_digest_recovers_signer() -> None:
    account = Account.create()
    signed = Account.sign_typed_data(account.key, full_message=copy.deepcopy(MAIL))
    recovered = Account._recover_hash(TypedData.parse(MAIL).digest(), signature=signed.signature)
    assert recovered == account.address


def test_json_string_and_missing_domain_type() -> None:
    import json

    payload = copy.deepcopy(MAIL)
    del payload["types"]["EIP712Domain"]
    data = TypedData.parse(json.dumps(payload))
    assert data.digest() == reference_digest(MAIL)


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda p: p["types"]["Mail"].append({"name": "x", "type": "Nope"}), "not defined"),
        (lambda p: p["types"]["Person"].append({"name": "m", "type": "Mail"}), "contains itself"),
        (lambda p: p.update(primaryType="Other"), "primaryType"),
        (lambda p: p["message"]["from"].update(wallet="0x12"), "not an address"),
        (lambda p: p["message"].pop("contents"), "missing"),
    ],
)
def test_malformed_typed_data_is_rejected(mutate: Any, problem: str) -> None:
    payload = copy.deepcopy(MAIL)
    mutate(payload)
    with pytest.raises(TypedDataError, match=problem):
        TypedData.parse(payload).digest()


def test_not_json_and_out_of_range() -> None:
    with pytest.raises(TypedDataError, match="not JSON"):
        TypedData.parse("{nope")
    payload = {
        "types": {"T": [{"name": "v", "type": "uint8"}]},
        "primaryType": "T",
        "domain": {},
        "message": {"v": 256},
    }
    with pytest.raises(TypedDataError, match="does not fit"):
        TypedData.parse(payload).digest()


addresses = st.binary(min_size=20, max_size=20).map(lambda b: to_checksum_address(b))
ITEM_TYPES = [
    {"name": "amount", "type": "uint160"},
    {"name": "delta", "type": "int64"},
    {"name": "who", "type": "address"},
    {"name": "note", "type": "string"},
    {"name": "blob", "type": "bytes"},
    {"name": "tag", "type": "bytes32"},
    {"name": "flag", "type": "bool"},
]
items = st.fixed_dictionaries(
    {
        "amount": st.integers(0, 2**160 - 1),
        "delta": st.integers(-(2**63), 2**63 - 1),
        "who": addresses,
        "note": st.text(max_size=20),
        "blob": st.binary(max_size=40).map(lambda b: "0x" + b.hex()),
        "tag": st.binary(min_size=32, max_size=32).map(lambda b: "0x" + b.hex()),
        "flag": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    item_list=st.lists(items, max_size=3),
    head=items,
    chain_id=st.integers(0, 2**64),
    ids=st.lists(st.integers(0, 2**256 - 1), min_size=2, max_size=2),
)
def test_random_structs_match_eth_account(
    item_list: list[dict[str, Any]], head: dict[str, Any], chain_id: int, ids: list[int]
) -> None:
    payload = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "chainId", "type": "uint256"},
            ],
            "Item": ITEM_TYPES,
            "Batch": [
                {"name": "head", "type": "Item"},
                {"name": "items", "type": "Item[]"},
                {"name": "ids", "type": "uint256[2]"},
            ],
        },
        "primaryType": "Batch",
        "domain": {"name": "Test", "chainId": chain_id},
        "message": {"head": head, "items": item_list, "ids": ids},
    }
    assert TypedData.parse(payload).digest() == reference_digest(payload)
