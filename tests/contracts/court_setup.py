"""A Court.vy on a chain with its token and a real test arbitrable (tests/contracts/
Arbitrable.vy): the shared setup of the court's tests and its state machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from augury.chain import Chain, Contract
from augury.contracts import CONTRACTS_DIR
from augury.protocol.court import FINAL_LEVEL, CourtClient, DisputeInfo, LevelInfo, mine_seed_block

E18 = 10**18
LOCK = 100 * E18
FEE = 5 * E18
WINDOW = 600
ARBITRABLE = Path(__file__).with_name("Arbitrable.vy")


@cache
def _arbitrable_code() -> tuple[list[dict[str, Any]], bytes]:
    import vyper
    from vyper.compiler.input_bundle import FilesystemInputBundle

    out = vyper.compile_code(
        ARBITRABLE.read_text(),
        contract_path=Path("Arbitrable.vy"),
        input_bundle=FilesystemInputBundle([CONTRACTS_DIR]),
        output_formats=["abi", "bytecode"],
    )
    return out["abi"], bytes.fromhex(out["bytecode"].removeprefix("0x"))


@dataclass
class CourtSetup:
    chain: Chain
    token: Contract
    court: Contract
    arbitrable: Contract
    owner: Any
    jurors: list[Any] = field(default_factory=list)
    cases: int = 0

    @property
    def client(self) -> CourtClient:
        return CourtClient(self.court)

    def add_juror(self, stake: int, account: Any = None) -> Any:
        """A juror (a fresh account unless given) holding and staking ``stake``."""
        j = account if account is not None else self.chain.new_account()
        self.token.transfer(j, stake, sender=self.owner)
        self.token.approve(self.court, 2**256 - 1, sender=j)
        self.court.stake(stake, sender=j)
        self.jurors.append(j)
        return j

    def open_case(self, sender: Any = None) -> int:
        """Challenge a fresh case of the arbitrable and open its dispute (seed block
        mined, ready to draw): the dispute id."""
        self.cases += 1
        self.arbitrable.challenge(self.cases, sender=self.owner)
        d = self.client.open_dispute(self.arbitrable, self.cases, sender or self.owner)
        mine_seed_block(self.chain, self.court, d)
        return d

    def dispute(self, d: int) -> DisputeInfo:
        return DisputeInfo.read(self.court, d)

    def level(self, d: int, level: int) -> LevelInfo:
        return LevelInfo.read(self.court, d, level)

    def pots(self) -> int:
        total = 0
        for d in range(1, int(self.court.disputeCount()) + 1):
            for level in range(FINAL_LEVEL + 1):
                total += self.level(d, level).pot
        return total

    def conserved(self) -> bool:
        """Every token the court holds is a juror's stake, a level's pot or the pool."""
        stakes = sum(int(self.court.stakeOf(j)) for j in self.jurors)
        held = int(self.token.balanceOf(self.court))
        return held == stakes + self.pots() + int(self.court.pool())


def deploy_court(
    chain: Chain, *, lock: int = LOCK, fee: int = FEE, case_fee: int = 0, window: int = WINDOW
) -> CourtSetup:
    owner = chain.accounts[0]
    token = chain.deploy("Token", "T", "T", 18, 10**12 * E18, sender=owner)
    court = chain.deploy("Court", token, lock, fee, window, window, window, sender=owner)
    abi, code = _arbitrable_code()
    arb = chain.deploy_code(abi, code, token, court, case_fee, name="Arbitrable", sender=owner)
    court.setCourt(arb, True, sender=owner)
    token.transfer(arb, 10**6 * E18, sender=owner)
    token.approve(court, 2**256 - 1, sender=owner)
    return CourtSetup(chain, token, court, arb, owner)
