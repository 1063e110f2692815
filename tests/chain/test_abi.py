from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st

from augury.chain.abi import ABIError, ContractABI, decode_revert

ABI = [
    {
        "type": "function",
        "name": "f",
        "stateMutability": "view",
        "inputs": [{"name": "a", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
    {
        "type": "function",
        "name": "f",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "a", "type": "address"}, {"name": "b", "type": "uint256"}],
        "outputs": [],
    },
    {
        "type": "function",
        "name": "pair",
        "stateMutability": "pure",
        "inputs": [
            {
                "name": "p",
                "type": "tuple",
                "components": [
                    {"name": "x", "type": "uint8"},
                    {"name": "who", "type": "address[]"},
                ],
            }
        ],
        "outputs": [{"name": "", "type": "address"}, {"name": "", "type": "bool"}],
    },
    {
        "type": "event",
        "name": "Moved",
        "anonymous": False,
        "inputs": [
            {"name": "src", "type": "address", "indexed": True},
            {"name": "memo", "type": "string", "indexed": True},
            {"name": "amount", "type": "uint256", "indexed": False},
        ],
    },
]
ALICE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def test_overloads_are_chosen_by_arity() -> None:
    cabi = ContractABI(ABI)
    assert cabi.function("f", 1).signature == "f(address)"
    assert cabi.function("f", 2).signature == "f(address,uint256)"
    with pytest.raises(ABIError, match="f takes 1 or 2 arguments, got 3"):
        cabi.function("f", 3)
    with pytest.raises(ABIError, match="no function 'g'"):
        cabi.function("g", 0)


def test_encode_matches_the_selector_and_eth_abi() -> None:
    fn = ContractABI(ABI).function("f", 2)
    data = fn.encode([ALICE, 7])
    assert data[:4] == keccak(text="f(address,uint256)")[:4]
    assert data[4:] == encode(["address", "uint256"], [ALICE, 7])


def test_tuple_types_are_spelled_out_and_outputs_checksummed() -> None:
    fn = ContractABI(ABI).function("pair", 1)
    assert fn.signature == "pair((uint8,address[]))"
    out = fn.decode_output(encode(["address", "bool"], [ALICE.lower(), True]))
    assert out == (ALICE, True)


def test_accounts_are_accepted_as_addresses() -> None:
    class Holder:
        address = ALICE

    fn = ContractABI(ABI).function("f", 1)
    assert fn.encode([Holder()]) == fn.encode([ALICE])


def test_bad_arguments_name_the_function() -> None:
    fn = ContractABI(ABI).function("f", 2)
    with pytest.raises(ABIError, match=r"f\(address,uint256\)"):
        fn.encode([ALICE, -1])
    with pytest.raises(ABIError, match="takes 2 arguments"):
        fn.encode([ALICE])


def test_event_decoding_with_indexed_dynamic_argument() -> None:
    ev = ContractABI(ABI).event("Moved")
    topics = [ev.topic, encode(["address"], [ALICE]), keccak(text="hello")]
    args = ev.decode(topics, encode(["uint256"], [5]))
    assert args == {"src": ALICE, "memo": keccak(text="hello"), "amount": 5}
    assert ev.topic_for("src", ALICE) == topics[1]
    with pytest.raises(ABIError, match="not indexed"):
        ev.topic_for("amount", 5)


@given(st.text(max_size=200))
def test_error_string_round_trips(reason: str) -> None:
    data = bytes.fromhex("08c379a0") + encode(["string"], [reason])
    assert decode_revert(data) == reason


def test_revert_descriptions() -> None:
    assert decode_revert(b"") == "no reason given"
    panic = bytes.fromhex("4e487b71") + (0x11).to_bytes(32, "big")
    assert decode_revert(panic) == "panic 0x11 (arithmetic overflow or underflow)"
    assert decode_revert(bytes.fromhex("deadbeef")) == "custom error 0xdeadbeef"
    assert decode_revert(bytes.fromhex("08c379a0") + b"\x01").startswith("malformed")
