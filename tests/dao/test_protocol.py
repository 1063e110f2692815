"""augury.dao.protocol: the store and DataDAO.vy kept in step, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.chain import Chain
from augury.dao.batch import Example, make_batch
from augury.dao.errors import DAOError
from augury.dao.merkle import MerkleDistribution
from augury.dao.protocol import DAO, Kind
from augury.dao.store import BatchStore
from augury.errors import TransactionFailed
from augury.protocol import ProtocolParams, deploy_protocol

E18 = 10**18


@pytest.fixture
def dao(chain: Chain, tmp_path: Path) -> DAO:
    contracts = deploy_protocol(chain, params=ProtocolParams(quorum=10 * E18))
    token = contracts["Token"]
    for acct in chain.accounts[1:4]:
        token.transfer(acct, 10_000 * E18, sender=chain.accounts[0])
    return DAO(chain, contracts["DataDAO"], token, BatchStore(tmp_path / "b.sqlite"))


def _file(tmp_path: Path, name: str, examples: list[Example]) -> Path:
    path = tmp_path / name
    path.write_bytes(make_batch(examples).canonical)
    return path


def test_submit_sync_and_accept(dao: DAO, tmp_path: Path) -> None:
    a, b = dao.chain.accounts[1:3]
    good = dao.submit(_file(tmp_path, "g.jsonl", [Example("uniswap.org", 0)]), 10 * E18, sender=a)
    bad = dao.submit(
        _file(tmp_path, "b.jsonl", [Example("metamask-gift.xyz", 0)]), 10 * E18, sender=b
    )
    assert good.content_hash in dao.store and dao.store.get(good.content_hash).status == "pending"
    dao.challenge(bad.batch_id, sender=a)
    dao.dao.rule(bad.batch_id, False, sender=dao.chain.accounts[0])
    dao.chain.advance_time(int(dao.dao.challengeWindow()))
    dao.dao.accept(good.batch_id)
    assert dao.sync() == {"accepted": 1, "rejected": 1}
    assert dao.store.get(good.content_hash).status == "accepted"
    assert dao.store.get(bad.content_hash).status == "rejected"
    assert [e.domain for e in dao.store.examples("accepted")] == ["uniswap.org"]


def test_a_decided_batch_missing_from_the_store_is_an_error(dao: DAO, tmp_path: Path) -> None:
    from eth_utils import keccak

    who = dao.chain.accounts[1]
    dao.token.approve(dao.dao, 10 * E18, sender=who)
    dao.dao.submit(keccak(b"never stored"), 3, 10 * E18, sender=who)
    dao.chain.advance_time(int(dao.dao.challengeWindow()))
    dao.dao.accept(1)
    with pytest.raises(DAOError, match="accepted but not in the store"):
        dao.sync()


def test_rewards_paid_once(dao: DAO) -> None:
    admin, a, b = dao.chain.accounts[:3]
    dao.token.approve(dao.dao, 1000 * E18, sender=admin)
    dao.dao.fund(1000 * E18, sender=admin)
    dao.lock(100 * E18, sender=admin)
    dist = MerkleDistribution.from_amounts([(a.address, 5 * E18), (b.address, 3 * E18)])
    pid = dao.propose(Kind.REWARDS, sender=admin, num=dist.total, root=dist.root)
    dao.dao.vote(pid, True, sender=admin)
    dao.chain.advance_time(int(dao.dao.votingPeriod()))
    dao.dao.execute(pid)
    before = dao.token.balanceOf(a)
    assert dao.claim_all(1, dist, sender=admin) == 2
    assert dao.token.balanceOf(a) == before + 5 * E18
    assert dao.claim_all(1, dist, sender=admin) == 0  # nothing left to pay
    c = dist.claim(0)
    with pytest.raises(TransactionFailed, match="already claimed"):
        dao.dao.claim(1, c.index, c.account, c.amount, dist.proof(0), sender=admin)


def test_a_rejected_copy_of_accepted_content_keeps_it_accepted(dao: DAO, tmp_path: Path) -> None:
    a, b = dao.chain.accounts[1:3]
    path = _file(tmp_path, "same.jsonl", [Example("uniswap.org", 0)])
    first = dao.submit(path, 10 * E18, sender=a)
    dao.chain.advance_time(int(dao.dao.challengeWindow()))
    dao.dao.accept(first.batch_id)
    copy = dao.submit(path, 10 * E18, sender=b)
    dao.challenge(copy.batch_id, sender=a)
    dao.dao.rule(copy.batch_id, False, sender=dao.chain.accounts[0])
    assert dao.sync() == {"accepted": 1, "rejected": 1}
    assert dao.store.get(first.content_hash).status == "accepted"
