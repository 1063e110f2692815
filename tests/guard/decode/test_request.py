"""Parsing EIP-1193 requests, including signed raw transactions and bad input."""

from __future__ import annotations

import pytest
from eth_account import Account

from augury.guard.decode.request import (
    MAX_DATA,
    MessageRequest,
    TxRequest,
    TypedDataRequest,
    parse_request,
)
from augury.guard.errors import (
    MalformedRequestError,
    RequestTooLargeError,
    TypedDataError,
    UnsupportedMethodError,
)

A = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
B = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def test_send_transaction() -> None:
    r = parse_request(
        {
            "method": "eth_sendTransaction",
            "params": [{"from": A.lower(), "to": B, "value": "0x10", "data": "0xab"}],
        }
    )
    assert isinstance(r, TxRequest)
    assert (r.sender, r.to, r.value, r.data) == (A, B, 16, b"\xab")


def test_raw_transactions_recover_sender() -> None:
    acct = Account.create()
    legacy = acct.sign_transaction(
        {
            "chainId": 1,
            "nonce": 4,
            "to": B,
            "value": 5,
            "data": b"\x01",
            "gas": 50_000,
            "gasPrice": 1,
        }
    )
    r = parse_request(
        {"method": "eth_sendRawTransaction", "params": ["0x" + legacy.raw_transaction.hex()]}
    )
    assert isinstance(r, TxRequest)
    assert (r.sender, r.to, r.value, r.data, r.nonce) == (acct.address, B, 5, b"\x01", 4)
    auth = acct.sign_authorization({"chainId": 1, "address": B, "nonce": 1})
    setcode = acct.sign_transaction(
        {
            "type": 4,
            "chainId": 1,
            "nonce": 0,
            "to": acct.address,
            "value": 0,
            "data": b"",
            "gas": 100_000,
            "maxFeePerGas": 10,
            "maxPriorityFeePerGas": 1,
            "authorizationList": [auth],
        }
    )
    r = parse_request(
        {"method": "eth_sendRawTransaction", "params": ["0x" + setcode.raw_transaction.hex()]}
    )
    assert isinstance(r, TxRequest) and r.sender == acct.address
    assert [(d.address, d.authority) for d in r.authorizations] == [(B, acct.address)]


def test_messages_and_typed_data() -> None:
    r = parse_request({"method": "personal_sign", "params": ["0x68656c6c6f", A]})
    assert r == MessageRequest("personal_sign", A, b"hello")
    swapped = parse_request({"method": "personal_sign", "params": [A, "hello"]})
    assert isinstance(swapped, MessageRequest) and swapped.data == b"hello"
    r = parse_request({"method": "eth_sign", "params": [A, "0x" + "ab" * 32]})
    assert isinstance(r, MessageRequest) and r.data == b"\xab" * 32
    payload = {
        "types": {"T": [{"name": "v", "type": "uint8"}]},
        "primaryType": "T",
        "domain": {},
        "message": {"v": 1},
    }
    r = parse_request({"method": "eth_signTypedData_v4", "params": [A, payload]})
    assert isinstance(r, TypedDataRequest) and r.signer == A


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        ("not an object", MalformedRequestError),
        ({"method": 3}, MalformedRequestError),
        ({"method": "eth_foo", "params": []}, UnsupportedMethodError),
        ({"method": "eth_sendTransaction", "params": []}, MalformedRequestError),
        ({"method": "eth_sendTransaction", "params": "x"}, MalformedRequestError),
        ({"method": "eth_sendTransaction", "params": [{"to": "0x12"}]}, MalformedRequestError),
        (
            {"method": "eth_sendTransaction", "params": [{"to": B, "data": "0xzz"}]},
            MalformedRequestError,
        ),
        (
            {"method": "eth_sendTransaction", "params": [{"to": B, "value": "lots"}]},
            MalformedRequestError,
        ),
        (
            {
                "method": "eth_sendTransaction",
                "params": [{"to": B, "data": "0x" + "00" * (MAX_DATA + 1)}],
            },
            RequestTooLargeError,
        ),
        ({"method": "eth_sendRawTransaction", "params": ["0x1234"]}, MalformedRequestError),
        ({"method": "eth_signTypedData_v4", "params": [A, "{bad json"]}, TypedDataError),
        ({"method": "eth_sign", "params": [A]}, MalformedRequestError),
    ],
)
def test_bad_requests_raise_one_line_errors(request_: object, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        parse_request(request_)
    assert "\n" not in str(info.value) and str(info.value)
