"""The vendored selector table and calldata decoding."""

from __future__ import annotations

from eth_abi import encode

from augury.guard.decode.calldata import decode_calldata, grants_in_call
from augury.guard.decode.selectors import TABLE, read_signatures, selector_of, table

A = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
T = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


def test_table_rows_are_recomputable_and_complete() -> None:
    rows = TABLE.read_text().splitlines()[1:]
    assert len(rows) == len(read_signatures())
    for row in rows:
        sel, sig, _ = row.split("\t")
        assert bytes.fromhex(sel[2:]) == selector_of(sig)
    assert selector_of("transfer(address,uint256)").hex() == "a9059cbb"
    assert selector_of("approve(address,uint256)").hex() == "095ea7b3"
    assert selector_of("setApprovalForAll(address,bool)").hex() == "a22cb465"
    assert len(table()) >= 60


def test_decode_standard_calls() -> None:
    call = decode_calldata(bytes.fromhex("095ea7b3") + encode(["address", "uint256"], [A, 5]))
    assert call is not None and call.signature == "approve(address,uint256)"
    assert call.args == {"spender": A, "amount": 5}
    call = decode_calldata(bytes.fromhex("a22cb465") + encode(["address", "bool"], [A, True]))
    assert call is not None and call.args == {"operator": A, "approved": True}
    lure = decode_calldata(selector_of("SecurityUpdate()"))
    assert lure is not None and lure.section == "lure"


def test_unknown_and_malformed() -> None:
    assert decode_calldata(b"") is None
    unknown = decode_calldata(b"\xde\xad\xbe\xef" + bytes(32))
    assert unknown is not None and unknown.signature is None
    short = decode_calldata(bytes.fromhex("095ea7b3") + bytes(10))
    assert short is not None and short.signature is None


def test_grants_in_call() -> None:
    call = decode_calldata(
        bytes.fromhex("095ea7b3") + encode(["address", "uint256"], [A, 2**256 - 1])
    )
    (g,) = grants_in_call(call, T, A)
    assert g.kind == "approve" and g.token == T and g.unlimited
    p2 = decode_calldata(
        selector_of("approve(address,address,uint160,uint48)")
        + encode(["address", "address", "uint160", "uint48"], [T, A, 9, 100])
    )
    (g,) = grants_in_call(p2, "0x000000000022D473030F116dDEE9F6B43aC78BA3", A)
    assert (g.kind, g.token, g.amount, g.expiration) == ("permit2_allowance", T, 9, 100)
    transfer = decode_calldata(bytes.fromhex("a9059cbb") + encode(["address", "uint256"], [A, 1]))
    assert grants_in_call(transfer, T, A) == []
