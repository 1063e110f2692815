"""Judge.vy and Escrow.vy on both backends: the life of a model and its answers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from augury.chain import Chain, Contract
from augury.errors import TransactionFailed
from augury.judge.registry import model_commitments, weight_values
from augury.judge.weights import WeightTree
from augury.proof import FloatDense, quantize
from augury.protocol import ModelInfo, RequestStatus, Result
from augury.protocol.judge import BPS, JUROR_FEE_BPS, SLASH_BURN_BPS

E18 = 10**18
WINDOW = 3600
EPOCH = 86400
CHALLENGE_BOND = 50 * E18
BOND = 1000 * E18
FEE = 2 * E18
PENDING, ANSWERED, CHALLENGED, FINAL, OVERTURNED, EXPIRED = list(RequestStatus)[1:]
WEIGHTS = [3, -1, 0, 7, 127, -128, 5]
MAX_DEAL = 10**6 * E18


def juror_fee(forfeit: int) -> int:
    """The arbiter's share of a forfeit."""
    return forfeit * JUROR_FEE_BPS // BPS


def kept_by_operator(bonds: int) -> int:
    """What an operator takes of the challengers' bonds when his answer is upheld."""
    return bonds - juror_fee(bonds)


def slash_share(slash: int, bond: int, total: int) -> int:
    """A challenger's share of an overturned answer's slash (beside his bond back)."""
    return slash * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS * bond // total


@dataclass
class World:
    chain: Chain
    token: Contract
    judge: Contract
    dao: LocalAccount
    operator: LocalAccount
    alice: LocalAccount
    bob: LocalAccount
    arbiter: LocalAccount

    def register(self, quota: int = 3, fee: int = FEE, reveal_delay: int = 10 * 86400) -> int:
        tree = WeightTree.from_values(WEIGHTS)
        r = self.judge.register(
            keccak(b"proof-commitment"),
            tree.root,
            keccak(b"arch"),
            keccak(b"quant"),
            BOND,
            reveal_delay,
            quota,
            fee,
            sender=self.operator,
        )
        return int(r.event("ModelRegistered")["modelId"])

    def ask(self, model_id: int, who: LocalAccount | None = None) -> int:
        r = self.judge.request(model_id, keccak(b"input"), sender=who or self.alice)
        return int(r.event("Requested")["requestId"])

    def solvent(self) -> None:
        held = self.token.balanceOf(self.judge)
        bonds = sum(self.judge.bondOf(i) for i in range(1, self.judge.modelCount() + 1))
        assert held == bonds + self.judge.escrowedFees() + self.judge.challengeBonds()


@pytest.fixture
def w(chain: Chain) -> World:
    dao, operator, alice, bob = chain.accounts[:4]
    arbiter = chain.accounts[9]
    token = chain.deploy("Token", "Augury USD", "aUSD", 18, 10**9 * E18, sender=dao)
    # No answer is disproved here (tests/judge/test_disprove.py runs the real verifier):
    # any non-zero address stands in for ProofVerifier.
    judge = chain.deploy(
        "Judge", token, dao, arbiter, WINDOW, CHALLENGE_BOND, EPOCH, token, sender=dao
    )
    for acct in (operator, alice, bob):
        token.transfer(acct, 10**6 * E18, sender=dao)
        token.approve(judge, 2**256 - 1, sender=acct)
    return World(chain, token, judge, dao, operator, alice, bob, arbiter)


def test_register_request_answer_finalize(w: World) -> None:
    mid = w.register()
    assert w.judge.bondOf(mid) == BOND
    rid = w.ask(mid)
    assert Result.read(w.judge, rid) == Result(PENDING, 0)
    r = w.judge.answer(rid, [-5, 9], b"proof", sender=w.operator)
    ev = r.event("Answered")
    assert ev["output"] == [-5, 9] and ev["label"] == 1
    assert Result.read(w.judge, rid) == Result(ANSWERED, 1)
    assert w.judge.output(rid) == [-5, 9]
    with pytest.raises(TransactionFailed, match="challenge window open"):
        w.judge.finalize(rid)
    before = w.token.balanceOf(w.operator)
    w.chain.advance_time(WINDOW)
    w.judge.finalize(rid, sender=w.bob)
    assert Result.read(w.judge, rid) == Result(FINAL, 1)
    assert w.token.balanceOf(w.operator) == before + FEE
    w.solvent()


def test_answer_rules(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    with pytest.raises(TransactionFailed, match="only operator"):
        w.judge.answer(rid, [1], b"p", sender=w.bob)
    with pytest.raises(TransactionFailed, match="empty output"):
        w.judge.answer(rid, [], b"p", sender=w.operator)
    with pytest.raises(TransactionFailed, match="unknown request"):
        w.judge.answer(99, [1], b"p", sender=w.operator)
    w.judge.answer(rid, [4, 4, 1], b"p", sender=w.operator)
    assert Result.read(w.judge, rid) == Result(ANSWERED, 0)  # ties go to the first index
    with pytest.raises(TransactionFailed, match="already answered"):
        w.judge.answer(rid, [1], b"p", sender=w.operator)


def test_quota_per_epoch(w: World) -> None:
    mid = w.register(quota=2)
    w.ask(mid)
    w.ask(mid)
    assert w.judge.quotaLeft(mid, w.alice) == 0
    with pytest.raises(TransactionFailed, match="quota"):
        w.ask(mid)
    w.ask(mid, w.bob)  # quotas are per address
    w.chain.advance_time(EPOCH)
    assert w.judge.quotaLeft(mid, w.alice) == 2
    w.ask(mid)


def test_requests_of_unknown_paused_or_unfunded(w: World) -> None:
    with pytest.raises(TransactionFailed, match="unknown model"):
        w.ask(7)
    mid = w.register()
    with pytest.raises(TransactionFailed, match="only governance"):
        w.judge.setPaused(mid, True, sender=w.alice)
    rid = w.ask(mid)
    w.judge.setPaused(mid, True, sender=w.dao)
    with pytest.raises(TransactionFailed, match="paused"):
        w.ask(mid)
    with pytest.raises(TransactionFailed, match="paused"):
        w.judge.answer(rid, [1], b"p", sender=w.operator)
    w.judge.setPaused(mid, False, sender=w.dao)
    poor = w.chain.new_account()
    w.token.approve(w.judge, 2**256 - 1, sender=poor)
    with pytest.raises(TransactionFailed, match="insufficient balance"):
        w.ask(mid, poor)


def test_challenge_upheld_and_overturned(w: World) -> None:
    mid = w.register()
    r1, r2 = w.ask(mid), w.ask(mid)
    for rid in (r1, r2):
        w.judge.answer(rid, [0, 1], b"p", sender=w.operator)
    with pytest.raises(TransactionFailed, match="not challenged"):
        w.judge.rule(r1, True, sender=w.arbiter)
    w.judge.challenge(r1, sender=w.bob)
    w.judge.challenge(r2, sender=w.bob)
    with pytest.raises(TransactionFailed, match="only arbiter"):
        w.judge.rule(r1, True, sender=w.bob)
    w.solvent()
    op_before, bob_before = w.token.balanceOf(w.operator), w.token.balanceOf(w.bob)
    w.judge.rule(r1, True, sender=w.arbiter)  # the answer stands
    assert Result.read(w.judge, r1).status == FINAL
    assert w.token.balanceOf(w.operator) == op_before + FEE + kept_by_operator(CHALLENGE_BOND)
    assert w.token.balanceOf(w.arbiter) == juror_fee(CHALLENGE_BOND)
    alice_before = w.token.balanceOf(w.alice)
    w.judge.rule(r2, False, sender=w.arbiter)  # the answer was wrong
    assert Result.read(w.judge, r2).status == OVERTURNED
    share = slash_share(BOND, CHALLENGE_BOND, CHALLENGE_BOND)
    assert w.token.balanceOf(w.bob) == bob_before + CHALLENGE_BOND + share
    assert w.token.balanceOf(w.alice) == alice_before + FEE
    assert w.judge.bondOf(mid) == 0
    with pytest.raises(TransactionFailed, match="slashed"):
        w.ask(mid)
    w.solvent()


def test_challenge_after_window(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    with pytest.raises(TransactionFailed, match="not answered"):
        w.judge.challenge(rid, sender=w.bob)
    w.judge.answer(rid, [1], b"p", sender=w.operator)
    w.chain.advance_time(WINDOW)
    with pytest.raises(TransactionFailed, match="window closed"):
        w.judge.challenge(rid, sender=w.bob)


def test_unanswered_request_expires_and_refunds(w: World) -> None:
    mid = w.register()
    rid = w.ask(mid)
    with pytest.raises(TransactionFailed, match="not expired"):
        w.judge.finalize(rid)
    before = w.token.balanceOf(w.alice)
    w.chain.advance_time(7 * 86400)
    w.judge.finalize(rid)
    assert Result.read(w.judge, rid).status == EXPIRED
    assert w.token.balanceOf(w.alice) == before + FEE
    with pytest.raises(TransactionFailed, match="not finalizable"):
        w.judge.finalize(rid)
    w.solvent()


@pytest.mark.parametrize("root", ["committed", "random"])
def test_a_reveal_without_data_does_not_return_the_bond(w: World, root: str) -> None:
    """Audit H-3 (a), (b): the old `reveal(root)` took the public committed root or any
    root, published nothing, and the bond came back. No call may now count as a reveal
    without the weights on chain or the availability game: the bond is not withdrawable
    and anyone slashes the unrevealed model."""
    mid = w.register(reveal_delay=100)
    w.chain.advance_time(100)
    value = WeightTree.from_values(WEIGHTS).root if root == "committed" else keccak(b"nothing")
    if "reveal" in w.judge.abi.functions:  # the old contract: the exploit itself
        w.judge.fn("reveal")(mid, value, sender=w.operator)
    w.chain.advance_time(7 * 86400)
    with pytest.raises(TransactionFailed, match="not revealed"):
        w.judge.withdrawBond(mid, sender=w.operator)
    before = w.token.balanceOf(w.bob)
    w.judge.slashUnrevealed(mid, sender=w.bob)
    assert w.token.balanceOf(w.bob) == before + BOND
    w.solvent()


def test_the_withdrawal_delay_counts_from_the_reveal(w: World) -> None:
    """Audit H-3 (c): a reveal at the last second of the grace period used to allow the
    withdrawal one second later; the window now runs from the reveal."""
    mid = w.register(reveal_delay=100)
    grace = int(w.judge.revealGrace())
    w.chain.advance_time(100 + grace - 2)
    tree = WeightTree.from_values(WEIGHTS)
    r = w.judge.revealWeights(mid, list(tree.words), sender=w.operator)
    print(f"gas revealWeights ({len(WEIGHTS)} words): {r.gas_used}")
    w.chain.advance_time(2)
    with pytest.raises(TransactionFailed, match="reveal window"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.chain.advance_time(grace - 10)
    with pytest.raises(TransactionFailed, match="reveal window"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.chain.advance_time(10)
    before = w.token.balanceOf(w.operator)
    w.judge.withdrawBond(mid, sender=w.operator)
    assert w.token.balanceOf(w.operator) == before + BOND
    w.solvent()


@dataclass(frozen=True)
class LargeModel:
    """A real quantized 64-64-2 MLP: 4,290 weights, over revealWeights' 4,096."""

    commitment: bytes  # Commitment.to_bytes()
    tree: WeightTree


@pytest.fixture(scope="module")
def large() -> LargeModel:
    rng = np.random.default_rng(0)
    layers = [
        FloatDense(rng.standard_normal((64, 64)), rng.standard_normal(64) * 0.1, "relu"),
        FloatDense(rng.standard_normal((2, 64)), rng.standard_normal(2) * 0.1, "identity"),
    ]
    model = quantize(layers, rng.standard_normal((32, 64)))
    mc = model_commitments(model)
    return LargeModel(mc.commitment_bytes, WeightTree.from_values(weight_values(model)))


def _register_large(w: World, large: LargeModel) -> int:
    r = w.judge.register(keccak(large.commitment), large.tree.root, keccak(b"a"), keccak(b"q"),
                         BOND, 100, 1, 0, sender=w.operator)  # fmt: skip
    w.chain.advance_time(100)
    return int(r.event("ModelRegistered")["modelId"])


def test_a_withheld_leaf_is_slashed(w: World, large: LargeModel) -> None:
    """Audit H-3: a model too large for calldata reveals its committed root, and anyone
    may demand leaves; an operator who withholds the weights cannot answer, and the
    demander takes the bond."""
    mid = _register_large(w, large)
    n = len(large.tree.words)
    with pytest.raises(TransactionFailed, match="not the model's commitment"):
        w.judge.revealRoot(mid, large.commitment + b"\0", sender=w.operator)
    with pytest.raises(TransactionFailed, match="only operator"):
        w.judge.revealRoot(mid, large.commitment, sender=w.bob)
    with pytest.raises(TransactionFailed, match="not revealed"):
        w.judge.demandLeaf(mid, 0, sender=w.bob)
    r = w.judge.revealRoot(mid, large.commitment, sender=w.operator)
    print(f"gas revealRoot: {r.gas_used}")
    assert ModelInfo.read(w.judge, mid).revealed_root == large.tree.root
    assert int(w.judge.weightCount(mid)) == n
    with pytest.raises(TransactionFailed, match="index out of range"):
        w.judge.demandLeaf(mid, n, sender=w.bob)
    r = w.judge.demandLeaf(mid, n - 1, sender=w.bob)
    print(f"gas demandLeaf: {r.gas_used}")
    with pytest.raises(TransactionFailed, match="already demanded"):
        w.judge.demandLeaf(mid, n - 1, sender=w.alice)
    with pytest.raises(TransactionFailed, match="not due"):
        w.judge.slashUnanswered(mid, n - 1, sender=w.alice)
    w.chain.advance_time(int(w.judge.revealGrace()))
    with pytest.raises(TransactionFailed, match="window closed"):
        w.judge.demandLeaf(mid, 5, sender=w.bob)
    with pytest.raises(TransactionFailed, match="open leaf demands"):
        w.judge.withdrawBond(mid, sender=w.operator)
    with pytest.raises(TransactionFailed, match="too late"):  # the deadline has passed
        w.judge.answerLeaf(mid, n - 1, large.tree.words[n - 1], large.tree.proof(n - 1),
                           sender=w.operator)  # fmt: skip
    before = w.token.balanceOf(w.bob)
    supply = w.token.totalSupply()
    w.judge.slashUnanswered(mid, n - 1, sender=w.alice)  # anyone calls; the demander is paid
    # the bond less the burn: a withholder's own demander cannot take it all back (H-4)
    assert w.token.balanceOf(w.bob) == before + BOND * (BPS - SLASH_BURN_BPS) // BPS
    assert w.token.totalSupply() == supply - BOND * SLASH_BURN_BPS // BPS
    assert ModelInfo.read(w.judge, mid).slashed and w.judge.openDemands(mid) == 0
    with pytest.raises(TransactionFailed, match="slashed"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.solvent()


def test_answered_demands_let_the_bond_go_after_the_window(w: World, large: LargeModel) -> None:
    mid = _register_large(w, large)
    w.judge.revealRoot(mid, large.commitment, sender=w.operator)
    tree = large.tree
    for i in range(8):
        w.judge.demandLeaf(mid, i * 500, sender=w.bob)
    with pytest.raises(TransactionFailed, match="too many open demands"):
        w.judge.demandLeaf(mid, 9, sender=w.bob)  # per address; others may still demand
    w.judge.demandLeaf(mid, 9, sender=w.alice)
    with pytest.raises(TransactionFailed, match="bad proof"):
        w.judge.answerLeaf(mid, 9, tree.words[10], tree.proof(9), sender=w.operator)
    with pytest.raises(TransactionFailed, match="depth"):
        w.judge.answerLeaf(mid, 9, tree.words[9], tree.proof(9)[:-1], sender=w.operator)
    with pytest.raises(TransactionFailed, match="no open demand"):
        w.judge.answerLeaf(mid, 10, tree.words[10], tree.proof(10), sender=w.operator)
    r = w.judge.answerLeaf(mid, 9, tree.words[9], tree.proof(9), sender=w.operator)
    print(f"gas answerLeaf (depth {len(tree.proof(9))}): {r.gas_used}")
    assert r.event("LeafAnswered")["word"] == tree.words[9]
    for i in range(8):
        w.judge.answerLeaf(mid, i * 500, tree.words[i * 500], tree.proof(i * 500),
                           sender=w.alice)  # fmt: skip  anyone holding the weights
    assert w.judge.openDemands(mid) == 0
    with pytest.raises(TransactionFailed, match="no open demand"):
        w.judge.slashUnanswered(mid, 9, sender=w.bob)
    with pytest.raises(TransactionFailed, match="reveal window"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.chain.advance_time(int(w.judge.revealGrace()))
    before = w.token.balanceOf(w.operator)
    w.judge.withdrawBond(mid, sender=w.operator)
    assert w.token.balanceOf(w.operator) == before + BOND
    w.solvent()


def test_small_models_reveal_on_chain_only(w: World, large: LargeModel) -> None:
    """A model that fits revealWeights cannot choose the off-chain road."""
    small = WeightTree.from_values(WEIGHTS)
    # a commitment whose layers hold 7 * (3 + 1) = 28 weights
    fake = large.commitment[:61] + bytes([1]) + (3).to_bytes(4, "little")
    fake += (7).to_bytes(4, "little") + bytes([0, 1])
    r = w.judge.register(keccak(fake), small.root, keccak(b"a"), keccak(b"q"),
                         BOND, 0, 1, 0, sender=w.operator)  # fmt: skip
    mid = int(r.event("ModelRegistered")["modelId"])
    with pytest.raises(TransactionFailed, match="small model: reveal the weights on chain"):
        w.judge.revealRoot(mid, fake, sender=w.operator)
    w.judge.revealWeights(mid, list(small.words), sender=w.operator)
    with pytest.raises(TransactionFailed, match="weights are on chain"):
        w.judge.demandLeaf(mid, 0, sender=w.bob)


def test_honest_reveal_then_retire(w: World) -> None:
    mid = w.register(reveal_delay=100)
    rid = w.ask(mid)
    w.chain.advance_time(100)
    tree = WeightTree.from_values(WEIGHTS)
    w.judge.revealWeights(mid, list(tree.words), sender=w.operator)
    with pytest.raises(TransactionFailed, match="reveal window"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.chain.advance_time(7 * 86400)
    with pytest.raises(TransactionFailed, match="revealed"):
        w.judge.slashUnrevealed(mid, sender=w.bob)
    with pytest.raises(TransactionFailed, match="open requests"):
        w.judge.withdrawBond(mid, sender=w.operator)
    w.judge.finalize(rid)  # expired
    before = w.token.balanceOf(w.operator)
    w.judge.withdrawBond(mid, sender=w.operator)
    assert w.token.balanceOf(w.operator) == before + BOND
    with pytest.raises(TransactionFailed, match="retired"):
        w.ask(mid)
    w.solvent()


def test_no_reveal_is_slashed(w: World) -> None:
    mid = w.register(reveal_delay=100)
    w.chain.advance_time(100)
    with pytest.raises(TransactionFailed, match="grace period"):
        w.judge.slashUnrevealed(mid, sender=w.bob)
    w.chain.advance_time(7 * 86400)
    w.judge.slashUnrevealed(mid, sender=w.bob)
    assert w.judge.bondOf(mid) == 0
    w.solvent()


@pytest.fixture
def escrow(w: World) -> Contract:
    escrow = w.chain.deploy("Escrow", w.token, w.judge, MAX_DEAL, sender=w.dao)
    w.judge.setForwarder(escrow, True, sender=w.dao)
    return escrow


@pytest.mark.parametrize(("output", "payee_paid"), [([5, -5], True), ([-5, 5], False)])
def test_escrow_follows_the_final_answer(
    w: World, escrow: Contract, output: list[int], payee_paid: bool
) -> None:
    mid = w.register()
    w.token.approve(escrow, 2**256 - 1, sender=w.alice)
    alice0, bob0 = w.token.balanceOf(w.alice), w.token.balanceOf(w.bob)
    r = escrow.open(w.bob, 100 * E18, mid, keccak(b"shop.example"), 86400, sender=w.alice)
    deal, rid = r.event("Opened")["dealId"], r.event("Opened")["requestId"]
    assert w.token.balanceOf(w.alice) == alice0 - 100 * E18 - FEE
    with pytest.raises(TransactionFailed, match="no final answer yet"):
        escrow.settle(deal)
    w.judge.answer(rid, output, b"p", sender=w.operator)
    w.chain.advance_time(WINDOW)
    w.judge.finalize(rid)
    escrow.settle(deal, sender=w.bob)
    if payee_paid:
        assert w.token.balanceOf(w.bob) == bob0 + 100 * E18
    else:
        assert w.token.balanceOf(w.alice) == alice0 - FEE
    assert w.token.balanceOf(escrow) == 0
    with pytest.raises(TransactionFailed, match="not open"):
        escrow.settle(deal)


def test_escrow_refunds_without_a_final_answer(w: World, escrow: Contract) -> None:
    mid = w.register()
    w.token.approve(escrow, 2**256 - 1, sender=w.alice)
    alice0 = w.token.balanceOf(w.alice)
    r = escrow.open(w.bob, 100 * E18, mid, keccak(b"x"), 3600, sender=w.alice)
    deal = r.event("Opened")["dealId"]
    w.judge.setPaused(mid, True, sender=w.dao)  # the kill switch
    w.chain.advance_time(3600)
    escrow.settle(deal)
    assert w.token.balanceOf(w.alice) == alice0 - FEE
    w.chain.advance_time(7 * 86400)
    w.judge.finalize(r.event("Opened")["requestId"])  # expired: fee back to the escrow
    escrow.reclaimFee(deal)
    assert w.token.balanceOf(w.alice) == alice0
    assert w.token.balanceOf(escrow) == 0


@pytest.mark.parametrize("new_bond", [5 * CHALLENGE_BOND, CHALLENGE_BOND // 5])
def test_a_ruling_pays_the_bond_the_challenge_posted(w: World, new_bond: int) -> None:
    """Audit M-2: `rule` paid today's `challengeBond`. After governance raised it, an
    overturn paid the challenger more than he posted and the next ruling underflowed,
    locking the case; after a cut, challengers were short-changed. Each challenge's bond
    is now recorded with it, and the challenger gets exactly that back."""
    mid, other = w.register(), w.register()
    r1, r2 = w.ask(mid), w.ask(other)
    for rid in (r1, r2):
        w.judge.answer(rid, [0, 1], b"p", sender=w.operator)
        w.judge.challenge(rid, sender=w.bob)
    assert w.judge.bondPosted(r1, w.bob) == CHALLENGE_BOND
    w.judge.setPolicy(WINDOW, new_bond, EPOCH, sender=w.dao)
    bob_before, op_before = w.token.balanceOf(w.bob), w.token.balanceOf(w.operator)
    w.judge.rule(r1, False, sender=w.arbiter)  # overturned: bond back plus the slash
    share = slash_share(BOND, CHALLENGE_BOND, CHALLENGE_BOND)
    assert w.token.balanceOf(w.bob) == bob_before + CHALLENGE_BOND + share
    w.judge.rule(r2, True, sender=w.arbiter)  # upheld: the operator takes the posted bond
    assert w.token.balanceOf(w.operator) == op_before + FEE + kept_by_operator(CHALLENGE_BOND)
    assert w.judge.challengeBonds() == 0 and w.judge.challengeTotal(r1) == 0
    w.solvent()


@pytest.mark.parametrize("distrust", ["slashed", "paused"])
def test_an_untrusted_models_pending_answer_never_becomes_final(
    w: World, escrow: Contract, distrust: str
) -> None:
    """Audit L-4: a model slashed (here for another, overturned answer) or paused by the
    DAO still saw its already-posted answers become final, and an escrow released on them.
    Now such an answer is voided at finalization: the requester (the escrow) is refunded,
    the operator earns nothing, and the escrow refunds its payer."""
    mid = w.register()
    w.token.approve(escrow, 2**256 - 1, sender=w.alice)
    alice0, bob0, op0 = (w.token.balanceOf(a) for a in (w.alice, w.bob, w.operator))
    r = escrow.open(w.bob, 100 * E18, mid, keccak(b"shop.example"), 86400, sender=w.alice)
    deal, rid = r.event("Opened")["dealId"], r.event("Opened")["requestId"]
    w.judge.answer(rid, [5, -5], b"p", sender=w.operator)  # "not a scam": release
    if distrust == "slashed":
        wrong = w.ask(mid, w.bob)
        w.judge.answer(wrong, [0, 1], b"p", sender=w.operator)
        w.judge.challenge(wrong, sender=w.bob)
        w.judge.rule(wrong, False, sender=w.arbiter)
        assert ModelInfo.read(w.judge, mid).slashed
    else:
        w.judge.setPaused(mid, True, sender=w.dao)
    w.chain.advance_time(WINDOW)
    voided = w.judge.finalize(rid)
    assert Result.read(w.judge, rid).status == OVERTURNED
    assert voided.event("Voided")["reason"] == f"model {distrust}"
    w.chain.advance_time(86400)
    escrow.settle(deal)
    assert w.token.balanceOf(w.alice) == alice0  # the deal and the fee back to the payer
    paid_out = w.token.balanceOf(w.bob) - bob0
    # the challenger's share of the slash, never the deal
    assert paid_out == (slash_share(BOND, 1, 1) if distrust == "slashed" else 0)
    assert w.token.balanceOf(w.operator) == op0
    assert w.token.balanceOf(escrow) == 0
    w.solvent()


@pytest.mark.parametrize("upheld", [True, False])
def test_a_last_second_challenge_does_not_refund_the_payer(
    w: World, escrow: Contract, upheld: bool
) -> None:
    """Audit L-1: the payer sets the deal's timeout. With a timeout shorter than the
    challenge window he challenged an honest "not a scam" answer just before the
    deadline, and `settle` refunded him because no answer was final by then, however the
    challenge was later ruled. Now a posted answer, in its window or challenged, is waited
    for: the deal settles by the ruling."""
    mid = w.register()
    w.token.approve(escrow, 2**256 - 1, sender=w.alice)
    alice0, bob0 = w.token.balanceOf(w.alice), w.token.balanceOf(w.bob)
    r = escrow.open(w.bob, 100 * E18, mid, keccak(b"shop.example"), 600, sender=w.alice)
    deal, rid = r.event("Opened")["dealId"], r.event("Opened")["requestId"]
    w.judge.answer(rid, [5, -5], b"p", sender=w.operator)  # not a scam
    w.chain.advance_time(590)
    w.judge.challenge(rid, sender=w.alice)  # ten seconds before the deadline
    w.chain.advance_time(20)
    with pytest.raises(TransactionFailed, match="answer not final yet"):
        escrow.settle(deal)
    w.judge.rule(rid, upheld, sender=w.arbiter)
    escrow.settle(deal)
    if upheld:  # the honest answer stands: the payee is paid, the payer lost his bond
        assert w.token.balanceOf(w.bob) == bob0 + 100 * E18
        assert w.token.balanceOf(w.alice) == alice0 - 100 * E18 - FEE - CHALLENGE_BOND
    else:  # a wrong answer: the payer is refunded (deal and fee) and takes his slash share
        assert w.token.balanceOf(w.bob) == bob0
        assert w.token.balanceOf(w.alice) == alice0 + slash_share(BOND, 1, 1)
    assert w.token.balanceOf(escrow) == 0
    w.solvent()


def test_reveal_weights_on_chain(w: World) -> None:
    mid = w.register(reveal_delay=100)
    tree = WeightTree.from_values(WEIGHTS)
    with pytest.raises(TransactionFailed, match="too early"):
        w.judge.revealWeights(mid, list(tree.words), sender=w.operator)
    w.chain.advance_time(100)
    wrong = WeightTree.from_values([*WEIGHTS[:-1], WEIGHTS[-1] + 1])
    with pytest.raises(TransactionFailed, match="weights do not match the commitment"):
        w.judge.revealWeights(mid, list(wrong.words), sender=w.operator)
    with pytest.raises(TransactionFailed, match="only operator"):
        w.judge.revealWeights(mid, list(tree.words), sender=w.bob)
    r = w.judge.revealWeights(mid, list(tree.words), sender=w.operator)
    assert r.event("Revealed")["weightsRoot"] == tree.root
    assert ModelInfo.read(w.judge, mid).revealed_root == tree.root
    with pytest.raises(TransactionFailed, match="already revealed"):
        w.judge.revealWeights(mid, list(tree.words), sender=w.operator)


@pytest.mark.parametrize("n", [1, 2, 5, 64, 450])
def test_on_chain_root_equals_the_python_tree(w: World, n: int) -> None:
    values = [(-1) ** i * (i * 37 % 255) for i in range(n)]
    tree = WeightTree.from_values(values)
    r = w.judge.register(keccak(b"c"), tree.root, keccak(b"a"), keccak(b"q"),
                         BOND, 0, 1, 0, sender=w.operator)  # fmt: skip
    mid = r.event("ModelRegistered")["modelId"]
    w.judge.revealWeights(mid, list(tree.words), sender=w.operator)
