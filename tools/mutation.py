"""``make mutation``: delete or weaken named security checks of the contracts, one at a
time, in a copy of the package, and require the test suite to fail on each.

A check that can be removed with every test green is a check the tests do not defend.
Each mutant names the line it changes, the change, and the tests that must catch it
(the module that owns the check: the whole suite would take minutes per mutant). A
mutant "survives" when those tests pass on it; the run then fails, naming it. A mutant
whose text is no longer in the source fails the run too, so the list cannot silently
rot when a contract is edited.

    .venv/bin/python tools/mutation.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "augury"


@dataclass(frozen=True)
class Mutant:
    name: str
    contract: str  # file under src/augury/contracts/
    original: str  # exact text, present once
    mutated: str
    tests: tuple[str, ...]


JUDGE_TESTS = ("tests/contracts/test_judge.py",)
DISPROVE_TESTS = ("tests/judge/test_disprove.py",)
PENALTY_TESTS = ("tests/contracts/test_judge.py", "tests/contracts/test_penalties.py")
DAO_TESTS = ("tests/contracts/test_datadao.py", "tests/contracts/test_penalties.py")
JURY_TESTS = ("tests/market/test_jury.py",)
CLOSING_TESTS = ("tests/market/test_closing_window.py",)
COURT_TESTS = ("tests/contracts/test_court.py", "tests/contracts/test_court_state.py")

MUTANTS = (
    Mutant(
        "judge: a ruling pays today's challenge bond (audit M-2)",
        "Judge.vy",
        "bond: uint256 = self.bondPosted[_request_id][who]",
        "bond: uint256 = self.challengeBond",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: a slashed or paused model's answer becomes final (audit L-4)",
        "Judge.vy",
        "if slashed or self.models[r.modelId].paused:",
        "if False:",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: anyone may rule on a challenge",
        "Judge.vy",
        'assert msg.sender == self.arbiter, "only arbiter"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: a challenge after the window is accepted",
        "Judge.vy",
        'assert block.timestamp < r.answeredAt + self.challengeWindow, "window closed"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: an overturned answer does not slash the model",
        "Judge.vy",
        "if not self.models[r.modelId].slashed:",
        "if False:",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: disprove accepts a valid proof (audit I-1)",
        "Judge.vy",
        'assert not self._proves(z, self.outputs[_request_id], relu), "proof is valid"',
        "pass",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: disprove ignores the verifier's revert (audit I-1)",
        "Judge.vy",
        """reason: String[32] = "proof refused by the verifier"
    if ok:""",
        """reason: String[32] = "proof refused by the verifier"
    assert ok, "proof is valid"
    if ok:""",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: disprove lets a starved verifier call count as a refused proof (audit I-1)",
        "Judge.vy",
        'assert msg.gas >= VERIFY_GAS + VERIFY_GAS // 63 + 100_000, "too little gas to verify"',
        "pass",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: a disproof after the window is accepted (audit I-1)",
        "Judge.vy",
        'assert r.answeredAt + self.challengeWindow > block.timestamp, "window closed"',
        "pass",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: disprove takes another input than the request's (audit I-1)",
        "Judge.vy",
        'assert keccak256(_x_q) == r.inputHash, "not the request\'s input"',
        "pass",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: a disproof pays the whole bond to the disprover, no burn (audit I-1, H-4)",
        "Judge.vy",
        "burned: uint256 = slash * SLASH_BURN_BPS // BPS",
        "burned: uint256 = 0",
        DISPROVE_TESTS,
    ),
    Mutant(
        "judge: an unrevealed model's bond goes whole to whoever slashes it (audit H-4)",
        "Judge.vy",
        'self._slash_split(_model_id, msg.sender, "not revealed")',
        "self.models[_model_id].slashed = True\n"
        "    self._push(msg.sender, self.bondOf[_model_id])\n"
        "    self.bondOf[_model_id] = 0",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: reveal without data returns the bond (audit H-3)",
        "Judge.vy",
        'assert m.revealedRoot != empty(bytes32), "not revealed"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: the bond's delay counts from the reveal deadline, not the reveal (audit H-3)",
        "Judge.vy",
        "assert block.timestamp >= self.revealedAt[_model_id] + self._reveal_window()",
        "assert block.timestamp >= self.models[_model_id].revealAfter + self.revealGrace",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: a small model reveals off chain (audit H-3)",
        "Judge.vy",
        'assert count > MAX_REVEAL_WORDS, "small model: reveal the weights on chain"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: unanswered DA demand is not slashed (audit H-3)",
        "Judge.vy",
        'self._slash_split(_model_id, d.demander, "leaf withheld")',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: a DA leaf answer need not match the committed root (audit H-3)",
        "Judge.vy",
        'assert root == self.models[_model_id].weightsRoot, "bad proof"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "judge: the whole slash goes to the first challenger (audit H-4)",
        "Judge.vy",
        """    juror_fee: uint256 = slash * JUROR_FEE_BPS // BPS
    shared: uint256 = slash * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS""",
        """    juror_fee: uint256 = 0
    shared: uint256 = slash""",
        PENALTY_TESTS,
    ),
    Mutant(
        "judge: a second challenger cannot join (audit H-4)",
        "Judge.vy",
        'assert r.status == ANSWERED or r.status == CHALLENGED, "not answered"',
        'assert r.status == ANSWERED, "not answered"',
        PENALTY_TESTS,
    ),
    Mutant(
        "judge: an upheld answer pays no juror fee",
        "Judge.vy",
        "juror_fee: uint256 = forfeit * JUROR_FEE_BPS // BPS",
        "juror_fee: uint256 = 0",
        PENALTY_TESTS,
    ),
    Mutant(
        "judge: anyone may request on behalf of others (audit M-3)",
        "Judge.vy",
        'assert self.forwarders[msg.sender], "not a forwarder"',
        "pass",
        PENALTY_TESTS,
    ),
    Mutant(
        "escrow: quota charged to the escrow (audit M-3)",
        "Escrow.vy",
        "extcall judge.requestFor(_model_id, _input_hash, msg.sender)",
        "extcall judge.requestFor(_model_id, _input_hash, self)",
        PENALTY_TESTS,
    ),
    Mutant(
        "escrow: deals above the case cap are accepted",
        "Escrow.vy",
        'assert _amount <= maxAmount, "amount over the case cap"',
        "pass",
        PENALTY_TESTS,
    ),
    Mutant(
        "dao: votes count current locks, not the snapshot (audit L-2)",
        "DataDAO.vy",
        "weight: uint256 = self._locked_at(msg.sender, p.start)",
        "weight: uint256 = self.locked[msg.sender]",
        DAO_TESTS,
    ),
    Mutant(
        "dao: tokens unlocked and relocked since the proposal still vote (audit L-2)",
        "DataDAO.vy",
        'assert self.lastUnlock[msg.sender] < p.start, "unlocked since the proposal"',
        "pass",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: a rejected batch's whole stake goes to its challengers (audit H-4)",
        "DataDAO.vy",
        """        juror_fee = forfeit * JUROR_FEE_BPS // BPS
        shared: uint256 = forfeit * (BPS - SLASH_BURN_BPS - JUROR_FEE_BPS) // BPS""",
        """        juror_fee = 0
        shared: uint256 = forfeit""",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: a second challenger cannot join (audit H-4)",
        "DataDAO.vy",
        'assert b.status == SUBMITTED or b.status == CHALLENGED, "not challengeable"',
        'assert b.status == SUBMITTED, "not challengeable"',
        DAO_TESTS,
    ),
    Mutant(
        "datadao: the hand-over freezes the Judge's policy (audit L-3)",
        "DataDAO.vy",
        "extcall self.judge.setPolicy(p.num, p.num2, p.num3)",
        "pass",
        DAO_TESTS,
    ),
    # who is paid, and what only a passed vote may do (the state machine kills each too)
    Mutant(
        "datadao: accepted submitter gets no challenger stakes",
        "DataDAO.vy",
        "self._push(b.submitter, b.stake + paid)",
        "self._push(b.submitter, b.stake)",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: rejected challenger gets only his share, not his stake",
        "DataDAO.vy",
        "self._push(who, posted + share)",
        "self._push(who, share)",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: first challenger takes the whole 60%",
        "DataDAO.vy",
        "share: uint256 = shared * posted // b.challengeStake",
        "share: uint256 = shared if who == b.challenger else 0",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: juror fee paid to the submitter",
        "DataDAO.vy",
        "    self._push(msg.sender, juror_fee)\n",
        "    self._push(b.submitter, juror_fee)\n",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: nothing burned on rejection",
        "DataDAO.vy",
        "        if burned > 0:\n            extcall IBurnable(token.address).burn(burned)",
        "        if burned > 0:\n            self._push(b.submitter, burned)",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: accept refunds the stake twice",
        "DataDAO.vy",
        "    self._push(b.submitter, b.stake)\n    log BatchSettled(",
        "    self._push(b.submitter, 2 * b.stake)\n    log BatchSettled(",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: accept inside the window",
        "DataDAO.vy",
        'assert block.timestamp >= b.submittedAt + self.challengeWindow, "window open"',
        "pass",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: a claim pays the caller",
        "DataDAO.vy",
        "    self._push(_account, _amount)",
        "    self._push(msg.sender, _amount)",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: a leaf can be claimed twice",
        "DataDAO.vy",
        'assert not self.claimed[_distribution_id][_index], "already claimed"',
        "pass",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: execute without a pass",
        "DataDAO.vy",
        'assert p.yes > p.no and p.yes >= self.quorum, "not passed"',
        "assert p.yes >= p.no",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: quorum ignored",
        "DataDAO.vy",
        'assert p.yes > p.no and p.yes >= self.quorum, "not passed"',
        'assert p.yes > p.no, "not passed"',
        DAO_TESTS,
    ),
    Mutant(
        "datadao: the arbiter proposal leaves the DAO's arbiter",
        "DataDAO.vy",
        "        self.arbiter = court\n",
        "",
        DAO_TESTS,
    ),
    Mutant(
        "datadao: locked votes can leave while open",
        "DataDAO.vy",
        'assert block.timestamp >= self.lockedUntil[msg.sender], "votes open"',
        "pass",
        DAO_TESTS,
    ),
    Mutant(
        "escrow: a challenged answer is refunded at the deadline (audit L-1)",
        "Escrow.vy",
        'assert status != ANSWERED and status != CHALLENGED, "answer not final yet"',
        "pass",
        JUDGE_TESTS,
    ),
    Mutant(
        "escrow: a scam verdict releases the funds",
        "Escrow.vy",
        "if label == SCAM:",
        "if label == 7:",
        JUDGE_TESTS,
    ),
    Mutant(
        "jury: a round of any length (audit M-4)",
        "Jury.vy",
        'assert _end - _start <= MAX_ROUND_LENGTH, "round too long"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "markets: a stuck market expires early (audit M-4)",
        "Markets.vy",
        'assert block.timestamp >= close + STUCK_GRACE, "not stuck"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "markets: anyone may resolve a market",
        "Markets.vy",
        '''    assert msg.sender == self.jury, "only jury"
    assert _outcome <= YES, "unknown outcome"''',
        '''    assert _outcome <= YES, "unknown outcome"''',
        ("tests/market/test_markets_contract.py",),
    ),
    Mutant(
        "markets: a crossing inside the closing window is not counted (audit H-2)",
        "Markets.vy",
        "        tally += 1 << 128",
        "        pass",
        CLOSING_TESTS,
    ),
    Mutant(
        "jury: a contested market is sampled only by the seed (audit H-2)",
        "Jury.vy",
        "return staticcall markets.crossings(_market) > 1",
        "return False",
        JURY_TESTS,
    ),
    Mutant(
        "markets: NEAREST settles by the last price (audit H-2)",
        "Markets.vy",
        "if 2 * self._yes_seconds(_market, close) > window:",
        "if self._q[_market] >> 128 > self._q[_market] & LOW128:",
        CLOSING_TESTS,
    ),
    Mutant(
        "markets: exactly half the closing window resolves YES",
        "Markets.vy",
        "if 2 * self._yes_seconds(_market, close) > window:",
        "if 2 * self._yes_seconds(_market, close) >= window:",
        CLOSING_TESTS,
    ),
    Mutant(
        "markets: the YES clock counts time before the closing window",
        "Markets.vy",
        "self._tally[_market] = (tally & ~LOW64) | max(block.timestamp, start)",
        "self._tally[_market] = (tally & ~LOW64) | block.timestamp",
        CLOSING_TESTS,
    ),
    Mutant(
        "markets: the closing window is the market's whole life",
        "Markets.vy",
        "window: uint256 = min(closingWindow, _close - block.timestamp)",
        "window: uint256 = _close - block.timestamp",
        CLOSING_TESTS,
    ),
    Mutant(
        "markets: a sell across 1/2 does not stop the YES clock",
        "Markets.vy",
        """    if (meta >> RULE_SHIFT) & 255 == NEAREST and (n_yes > n_no) != (q_yes > q_no):
        self._cross(_market, meta, pool, n_yes > n_no)
""",
        "",
        CLOSING_TESTS,
    ),
    Mutant(
        "jury: a seed reveal need not match its commitment",
        "Jury.vy",
        "assert keccak256(abi_encode(_secret, msg.sender, _round)) == c, \\\n"
        '        "seed does not match commitment"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "jury: seed mixes the commitment, not the secret (audit C-1)",
        "Jury.vy",
        "convert(keccak256(abi_encode(_secret)), uint256)",
        "convert(c, uint256)",
        JURY_TESTS,
    ),
    Mutant(
        "jury: commits open after periodStart (audit C-1)",
        "Jury.vy",
        "assert block.timestamp < r.periodStart and r.randaoBlock == 0, "
        '"seed commit window closed"',
        'assert block.timestamp < r.periodEnd, "seed commit window closed"',
        JURY_TESTS,
    ),
    Mutant(
        "jury: non-revealer keeps bond (audit M-1)",
        "Jury.vy",
        "    self.pool += seedBond\n",
        "    extcall token.transfer(_committer, seedBond)\n",
        JURY_TESTS,
    ),
    Mutant(
        "jury: sample readable in the fixing block (audit M-1)",
        "Jury.vy",
        'assert block.number > r.seedBlock, "sample not readable in the fixing block"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "jury: zero reveals take the fixing block's prevrandao alone (audit M-1)",
        "Jury.vy",
        "    if r.seedReveals > 0:\n"
        "        seed = keccak256(abi_encode(r.seedAcc, r.randao, _round))",
        "    if True:\n        seed = keccak256(abi_encode(r.seedAcc, block.prevrandao, _round))",
        JURY_TESTS,
    ),
    Mutant(
        "jury: anyone may rule on a sampled market",
        "Jury.vy",
        'assert msg.sender == self.court, "only court"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "jury: a market of a round settles as a gap",
        "Jury.vy",
        'assert self._round_of(t) == 0, "market in a round"',
        "pass",
        JURY_TESTS,
    ),
    Mutant(
        "court: a silent final panel upholds (audit H-4)",
        "Court.vy",
        "self.disputes[_id].ruling = False",
        "self.disputes[_id].ruling = True",
        COURT_TESTS,
    ),
    Mutant(
        "court: a silent or tied panel decides instead of escalating (audit C-2)",
        "Court.vy",
        "decided: bool = (up + rej) * 2 > lv.panel and up != rej",
        "decided: bool = True",
        COURT_TESTS,
    ),
    Mutant(
        "court: draws ignore stake (audit C-2)",
        "Court.vy",
        "w: uint256 = free // lockPerDraw * lockPerDraw",
        "w: uint256 = min(free // lockPerDraw, 1) * lockPerDraw",
        COURT_TESTS,
    ),
    Mutant(
        "court: a Sybil below one lock may join (audit C-2)",
        "Court.vy",
        'assert self.stakeOf[msg.sender] + _amount >= lockPerDraw, "stake below one draw"',
        "pass",
        COURT_TESTS,
    ),
    Mutant(
        "court: an undrawn juror may vote (audit C-2)",
        "Court.vy",
        'assert self.drawsOf[_id][d.level][msg.sender] > 0, "not drawn"',
        "pass",
        COURT_TESTS,
    ),
    Mutant(
        "court: the opener draws from a block hash he can see",
        "Court.vy",
        """    seed_block: uint256 = block.number + 1
    self.disputes[d] = Dispute(""",
        """    seed_block: uint256 = block.number
    self.disputes[d] = Dispute(""",
        COURT_TESTS,
    ),
    Mutant(
        "court: a stale seed block is drawn from",
        "Court.vy",
        "if block.number - d.seedBlock > HASH_WINDOW:",
        "if False:",
        COURT_TESTS,
    ),
    Mutant(
        "court: an incoherent juror keeps his lock",
        "Court.vy",
        "        self.stakeOf[juror] -= amount\n",
        "",
        COURT_TESTS,
    ),
    Mutant(
        "court: appeal without fee",
        "Court.vy",
        "fee: uint256 = feePerDraw * self._panel(d.level + 1)",
        "fee: uint256 = 0",
        COURT_TESTS,
    ),
    Mutant(
        "court: the arbitrable's fee is not credited to the jurors",
        "Court.vy",
        "self.levels[_id][0].pot += fee",
        "pass",
        COURT_TESTS,
    ),
    Mutant(
        "court: a juror settles twice",
        "Court.vy",
        'assert not self.settled[_id][_level][_juror], "already settled"',
        "pass",
        COURT_TESTS,
    ),
    Mutant(
        "court: locked stake can be unstaked",
        "Court.vy",
        "assert self.stakeOf[msg.sender] - self.lockedOf[msg.sender] >= _amount, \\",
        "assert self.stakeOf[msg.sender] >= _amount, \\",
        COURT_TESTS,
    ),
)


def run_mutant(m: Mutant) -> tuple[str, float]:
    """'killed', 'survived' or 'error: ...', and the seconds it took."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src" / "augury"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        path = copy / "contracts" / m.contract
        text = path.read_text()
        if m.original and text.count(m.original) != 1:
            return f"error: the check is not in {m.contract} exactly once", 0.0
        if m.original:
            path.write_text(text.replace(m.original, m.mutated))
        env = {
            **os.environ,
            "PYTHONPATH": str(Path(tmp) / "src"),
            "CI": "1",
            # the copy has no Hardhat of its own: the node tests use the checkout's
            "AUGURY_HARDHAT_DIR": str(ROOT / "tools" / "hardhat"),
        }
        # a mutant that does not compile would "fail the tests" for the wrong reason
        build = f"from augury.contracts import compile_contract; compile_contract({path.stem!r})"
        compiled = subprocess.run(
            [sys.executable, "-c", build], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if compiled.returncode != 0:
            return "error: the mutant does not compile", time.perf_counter() - t0
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *m.tests]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode == 1:
        return "killed", seconds
    if done.returncode == 0:
        return "survived", seconds
    tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["?"]
    return f"error: pytest exit {done.returncode}: {tail[0]}", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="names containing these words")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or any(w in m.name for w in args.only)]
    # The same tests, in the same kind of copy, must pass on the unmutated contracts, or a
    # "kill" may only be the copy's fault (a path, a missing tool) and prove nothing.
    for contract in sorted({m.contract for m in chosen}):
        tests = tuple(sorted({t for m in chosen if m.contract == contract for t in m.tests}))
        verdict, _ = run_mutant(Mutant("baseline", contract, "", "", tests))
        if verdict != "survived":
            print(f"error: the tests fail on an unmutated copy of {contract} ({verdict})")
            return 1
    results = []
    for m in chosen:
        verdict, seconds = run_mutant(m)
        results.append((m, verdict))
        print(f"{verdict:<9} {seconds:5.1f} s  {m.name}", flush=True)
    killed = sum(v == "killed" for _, v in results)
    print(f"mutation score: {killed}/{len(results)} named mutants killed")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
